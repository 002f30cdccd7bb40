package org.orbited.node.orbit;

/**
 * Where the reply to one Orbit request goes. One instance per request.
 *
 * <p><b>Contract.</b> Call {@link #reply} exactly once, from any thread, at any time after
 * {@link OrbitDispatcher#dispatch} was called (also during it). The call never blocks: the bytes are
 * queued on the connection and flushed. If the connection has closed in the meantime, the reply is
 * logged at debug level and dropped. Replies are never dropped for a slow reader; instead the
 * connection stops reading requests (see {@link OrbitRequestHandler}).
 */
public interface OrbitReplySink {

    /**
     * Sends the complete reply bytes, normally from {@link OrbitReplies}. The array must not be
     * modified afterwards.
     *
     * @throws IllegalStateException if a reply was already given for this request
     */
    void reply(byte[] replyBytes);

    /**
     * Like {@link #reply}, but sent only after the browser writes the node queued so far have been handed to their
     * sockets: used for channel publications, whose fan-out was queued during dispatch, so that a publisher waiting
     * for each reply is paced by the node's writes instead of queueing publications faster than they go out.
     * The default replies at once.
     *
     * @throws IllegalStateException if a reply was already given for this request
     */
    default void replyAfterQueuedWrites(byte[] replyBytes) {
        reply(replyBytes);
    }
}
