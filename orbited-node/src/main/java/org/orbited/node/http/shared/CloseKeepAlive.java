package org.orbited.node.http.shared;

/**
 * The user event that closes a kept-alive HTTP connection between requests (a route move, halod.md section 5):
 * fired into a browser connection's pipeline, {@code http.PipeliningHandler} closes the connection at once when no
 * response is under way, else right after the last byte of the response under way is written. Either way no later
 * request on that connection is answered: a browser that sent one on the pooled connection sees it close before
 * any response byte and retries on a new connection (which the gateway routes to the new owner). A connection a
 * comet stream or a WebSocket took over has no {@code PipeliningHandler}; its owner closes it instead. Fire it on
 * the channel's event loop.
 */
public enum CloseKeepAlive {
    /** The one event. */
    INSTANCE
}
