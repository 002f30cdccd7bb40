package org.orbited.node.cluster;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The node's control seam for a HaloD gateway (halod.md sections 4 and 5; docs/cluster-node.md): what the
 * control-link client calls on ROUTES, ROUTE_MOVED, fencing and DRAIN, and where it reads its heartbeat's load.
 *
 * <p><b>Threading.</b> Every method may be called from any thread, concurrently; none blocks and none runs user
 * code: each starts its work and returns a stage completed later (on an I/O thread or the node's scheduler; do not
 * block in its callbacks). Routes are 1..N; route 0 is a direct connection (no PROXY header), which only
 * {@link #drain} touches. A stage never completes exceptionally for a connection that misbehaves: such a
 * connection is closed at the bound instead.
 *
 * <p><b>Bounds.</b> Each operation completes within its drain time plus one more drain time for connections that
 * do not take their last bytes (those are then closed without waiting).
 */
public interface ClusterControl {

    /** This node's name ({@code [cluster] node_name}, default the host name). */
    String nodeName();

    /** The route-port layout, which the link updates from REGISTERED. */
    RouteLayout layout();

    /**
     * Tells every browser connection on {@code routes} to reconnect, after the events already queued to it, with
     * its transport's instruction, then closes it with a FIN; Bayeux sessions handshaken on those routes get
     * {@code reconnect: handshake} advice (a Bayeux WebSocket then closes 1012) and end. Kept-alive HTTP
     * connections on those routes (a page's, an answered poll's) are closed at once when idle, else right after the
     * response under way, so a browser's next request on one never reaches this node (it retries on a new
     * connection, which the gateway routes to the new owner). Completes when they have closed.
     */
    CompletionStage<Void> reconnectRoutes(Set<Integer> routes);

    /**
     * halod.md section 5 steps 1 and 3 for the Orbit (app) connections on {@code routes}: a request arriving from
     * now on gets a normal {@code Failure}; after {@code drainMillis} every recipient not yet delivered fails with
     * the normal reply, the replies are flushed and the connections closed. {@code Success} means the event was
     * flushed to a browser connection. Completes when they have closed.
     */
    CompletionStage<Void> closeAppRoutes(Set<Integer> routes, long drainMillis);

    /** The whole close sequence (steps 1-3) for {@code routes}; completes when done (then report {@code applied}). */
    CompletionStage<Void> moveRoutes(Set<Integer> routes, long drainMillis);

    /**
     * The gateway's complete owned set (ROUTES): runs the close sequence, with {@code move_drain}, for every
     * connection on a route (not 0) outside it. New connections are accepted on every route regardless.
     */
    CompletionStage<Void> owned(Set<Integer> routes);

    /** Self-fencing: every route connection (route not 0), browser and app, is closed at once with the instructions. */
    CompletionStage<Void> fence();

    /**
     * Leaves: closes both listeners, runs the close sequence for every connection (all routes and route 0) with
     * {@code deadlineMillis} as the drain time, and fails what is left with normal replies. Idle kept-alive
     * connections on routes close at once as in {@link #reconnectRoutes}; idle direct (route 0) comet connections
     * stay open to the bound, so that their next request gets the shutting-down node's 503.
     */
    CompletionStage<Void> drain(long deadlineMillis);

    /** The figures a heartbeat carries. */
    LoadFigures load();

    /**
     * Load for a HEARTBEAT (halod.md section 4).
     *
     * @param connections    open browser connections (HTTP port)
     * @param sessions       Orbit and Bayeux sessions
     * @param appConnections open Orbit (app) connections
     */
    record LoadFigures(int connections, int sessions, int appConnections) {
    }
}
