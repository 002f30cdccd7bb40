package org.orbited.halod.link;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What the {@link LinkClient} asks of the node: the node implements it (orbited-node adapts its control seam to
 * it), the link calls it.
 *
 * <p><b>Threading.</b> Every method is called on the link's own thread ({@code halod-link-<name>}), one call at a
 * time, in the order the gateway's messages arrived. None may block: a slow method delays heartbeats and the
 * fence check. Long work (closing a route's users) runs elsewhere and reports through the returned stage. A method
 * that throws is logged and the link carries on as if it had returned normally.
 */
public interface NodeControl {

    /** The current load figures for the next HEARTBEAT. Called every heartbeat interval; must be cheap. */
    LoadFigures load();

    /**
     * The gateway accepted this node (again): its id (0 for a reserve), role, N, timing and the route port bases
     * ({@link Registered#browserRoute}, {@link Registered#appRoute} map a PROXY destination port to a route).
     */
    void registered(Registered registered);

    /**
     * The complete set of routes this node owns at table {@code version}, replacing any earlier set. The node
     * closes (with the close sequence) every connection on a route not in {@code routes}, and accepts every new
     * connection the gateway forwards.
     */
    void owned(long version, int id, Set<Integer> routes);

    /**
     * ROUTE_MOVED: run the close sequence for {@code routes} (their users reconnect to node {@code toNodeId}).
     * Return at once; complete the stage when the routes' connections are closed and their unflushed events
     * failed back. The link reports {@code applied} &ge; {@code version} in the next HEARTBEAT after every move of
     * that version or earlier has completed (an exceptional completion is logged and counts as completed: the
     * gateway force-closes what is left after {@code deadlineMs}).
     */
    CompletionStage<Void> moveRoutes(long version, Set<Integer> routes, int toNodeId, long deadlineMs);

    /**
     * Self-fencing: nothing has come from the gateway for {@code fenceMs} (or the gateway said BYE fenced,
     * superseded, duplicate-name or protocol). The node now owns nothing: it closes all its browser and app
     * connections with the close sequence. The link keeps trying to re-register; a later {@link #owned} gives routes
     * back.
     */
    void fence();

    /**
     * The gateway ended the link with BYE {@code reason} outside the node's own drain. The link reconnects with
     * backoff, except after BYE {@code drained}: an operator drained this node through the gateway's admin port,
     * its routes are gone and the link has stopped for good (the node should exit as after its own drain).
     */
    default void goodbye(ByeReason reason) {
    }
}
