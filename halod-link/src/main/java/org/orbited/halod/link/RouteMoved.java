package org.orbited.halod.link;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * ROUTE_MOVED, gateway → former owner: {@code {"type":"ROUTE_MOVED","version":43,"routes":[13,16],"to":1,
 * "deadlineMs":2000}}; one message per new owner. The node runs the close sequence for these routes and reports
 * {@code applied} &ge; {@code version} in a later HEARTBEAT.
 *
 * @param version    the table version that moved them, &ge; 0
 * @param routes     the moved route ids (non-empty, 1..{@link LinkLimits#MAX_ROUTES}), an unmodifiable ascending set
 * @param to         the new owner's id, &ge; 1
 * @param deadlineMs after this long the gateway force-closes relayed connections still open to this node, &ge; 0
 */
public record RouteMoved(long version, SortedSet<Integer> routes, int to, long deadlineMs) implements LinkMessage {
    public RouteMoved {
        routes = RouteSets.copy(Objects.requireNonNull(routes, "routes"));
        if (version < 0 || routes.isEmpty() || to < 1 || deadlineMs < 0) {
            throw new IllegalArgumentException("ROUTE_MOVED value out of range: version=" + version + " routes="
                    + routes + " to=" + to + " deadlineMs=" + deadlineMs);
        }
    }

    /** ROUTE_MOVED from any set of route ids. */
    public RouteMoved(long version, Set<Integer> routes, int to, long deadlineMs) {
        this(version, new TreeSet<>(routes), to, deadlineMs);
    }

    @Override
    public String type() {
        return "ROUTE_MOVED";
    }
}
