package org.orbited.node.orbit;

/**
 * User events that run a route move's close sequence on one Orbit connection (halod.md section 5, steps 1 and 3).
 * Fire them with {@code channel.pipeline().fireUserEventTriggered(...)} from any thread; {@link OrbitRequestHandler}
 * acts on them on the connection's event loop.
 */
public enum OrbitRouteClose {
    /**
     * Step 1: every request decoded from now on is answered at once with a normal {@code Failure} reply naming all
     * its recipients; the requests already dispatched go on, and the connection is closed with a normal FIN as soon
     * as every one of them is answered and flushed (at once when none is in flight).
     */
    STOP_ACCEPTING,
    /**
     * Step 3 (implies step 1): every recipient of the dispatched requests that is not yet delivered fails now (a
     * write under way decides its own), and the connection is closed with a normal FIN once every reply has been
     * flushed.
     */
    FAIL_UNDELIVERED_AND_CLOSE;

    /**
     * Set (any thread) before {@link #STOP_ACCEPTING} is fired, so that a request read after the setter returned
     * is refused even if the event has not run yet on the connection's event loop.
     */
    public static final io.netty.util.AttributeKey<Boolean> STOPPED = io.netty.util.AttributeKey.valueOf("orbited.app-stopped");

    /** Step 1 on {@code ch}, from any thread: refuses from now on, then fires {@link #STOP_ACCEPTING}. */
    public static void stopAccepting(io.netty.channel.Channel ch) {
        ch.attr(STOPPED).set(Boolean.TRUE);
        ch.pipeline().fireUserEventTriggered(STOP_ACCEPTING);
    }
}
