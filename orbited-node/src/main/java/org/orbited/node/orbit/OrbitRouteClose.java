package org.orbited.node.orbit;

/**
 * User events that run a route move's close sequence on one Orbit connection (halod.md section 5, steps 1 and 3).
 * Fire them with {@code channel.pipeline().fireUserEventTriggered(...)} from any thread; {@link OrbitRequestHandler}
 * acts on them on the connection's event loop.
 */
public enum OrbitRouteClose {
    /**
     * Step 1: every request decoded from now on is answered at once with a normal {@code Failure} reply naming all
     * its recipients; the requests already dispatched go on.
     */
    STOP_ACCEPTING,
    /**
     * Step 3 (implies step 1): every recipient of the dispatched requests that is not yet delivered fails now (a
     * write under way decides its own), and the connection is closed with a normal FIN once every reply has been
     * flushed.
     */
    FAIL_UNDELIVERED_AND_CLOSE
}
