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
}
