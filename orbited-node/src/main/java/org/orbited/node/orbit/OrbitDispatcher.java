package org.orbited.node.orbit;

/**
 * The contract between the Orbit port and the core: the core receives every well-formed request here
 * and promises exactly one reply for it.
 *
 * <p><b>Threading.</b> {@link #dispatch} is called on the connection's I/O thread, in arrival order
 * per connection, and must not block: queue the event and return. The reply may be given later from
 * any thread through the {@link OrbitReplySink}.
 *
 * <p><b>Errors.</b> An exception thrown by {@code dispatch} is logged with the request id and does not
 * close the connection; the request then stays unanswered, so implementations should not throw.
 */
@FunctionalInterface
public interface OrbitDispatcher {

    /**
     * Delivers {@code request} and eventually replies through {@code replies} exactly once, with
     * {@link OrbitReplies#success} or {@link OrbitReplies#failure}.
     */
    void dispatch(OrbitRequest request, OrbitReplySink replies);

    /**
     * {@link #dispatch}, returning what fails the request's recipients that are not yet delivered, now, with the
     * normal reply (a route move's step 3, halod.md section 5): a recipient whose write is already under way is
     * decided by that write. The returned action runs on any thread, at most once, and must not block. By default
     * it does nothing (the reply then comes as it would).
     */
    default Runnable dispatchWithCutoff(OrbitRequest request, OrbitReplySink replies) {
        dispatch(request, replies);
        return () -> { };
    }
}
