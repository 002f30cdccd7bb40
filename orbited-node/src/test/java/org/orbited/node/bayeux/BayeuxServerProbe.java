package org.orbited.node.bayeux;

/**
 * Read-only looks into a running {@link BayeuxServer} for wire tests, which must know that a connect is parked
 * before they act on it (otherwise they race the request they just sent). Lives in the server's package to reach
 * its package-private client registry; it changes nothing.
 */
public final class BayeuxServerProbe {
    private BayeuxServerProbe() {
    }

    /** True while {@code clientId} names a live session. */
    public static boolean exists(BayeuxServer server, String clientId) {
        return server.registry().get(clientId) != null;
    }

    /** True when {@code clientId} has a connect parked over HTTP (or an ack WebSocket) and attached to its queue. */
    public static boolean isParked(BayeuxServer server, String clientId) {
        BayeuxSession c = server.registry().get(clientId);
        if (c == null) {
            return false;
        }
        synchronized (c.session) {
            return c.parked() != null && c.session.connections() == 1;
        }
    }

    /** True when {@code clientId} has a connect held over WebSocket (a heartbeat, no ack). */
    public static boolean isHeld(BayeuxServer server, String clientId) {
        BayeuxSession c = server.registry().get(clientId);
        return c != null && c.hasWaitingConnect() && c.parked() == null;
    }

    /** True when {@code clientId} is bound to an open WebSocket (one that has not been seen closing). */
    public static boolean boundToOpenSocket(BayeuxServer server, String clientId) {
        BayeuxSession c = server.registry().get(clientId);
        return c != null && c.boundElsewhere(null);
    }

    /** True while {@code clientId} is bound to at least {@code n} open WebSockets. */
    public static boolean isBoundTo(BayeuxServer server, String clientId, int n) {
        BayeuxSession c = server.registry().get(clientId);
        return c != null && c.openSockets() >= n;
    }
}
