package org.orbited.node.bayeux;

/**
 * Read-only looks into a running {@link BayeuxEngine} for wire tests, which must know that a connect is parked
 * before they act on it (otherwise they race the request they just sent). Lives in the engine's package to reach
 * its package-private session table; it changes nothing.
 */
public final class BayeuxEngineProbe {
    private BayeuxEngineProbe() {
    }

    /** True while {@code clientId} names a live session. */
    public static boolean exists(BayeuxEngine engine, String clientId) {
        return engine.client(clientId) != null;
    }

    /** True when {@code clientId} has a connect parked over HTTP (or an ack WebSocket) and attached to its queue. */
    public static boolean isParked(BayeuxEngine engine, String clientId) {
        BayeuxSession c = engine.client(clientId);
        if (c == null) {
            return false;
        }
        synchronized (c.session) {
            return c.parked != null && c.session.connections() == 1;
        }
    }

    /** True when {@code clientId} has a connect held over WebSocket (a heartbeat, no ack). */
    public static boolean isHeld(BayeuxEngine engine, String clientId) {
        BayeuxSession c = engine.client(clientId);
        if (c == null) {
            return false;
        }
        synchronized (c.session) {
            return c.held != null;
        }
    }
}
