package org.orbited.halod.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of one {@link ClusterTable} operation: the new table (not yet in effect) and what changed, which is
 * what the gateway's change sequence needs: commit {@link #table()}'s document, swap the data-plane snapshot, send
 * ROUTES to every name in {@link #routesChanged()}, and ROUTE_MOVED to each live former owner per
 * {@link #movedByFormerOwner()} (one message per new owner).
 *
 * @param table         the table after the change, version {@code before + 1}
 * @param moves         every route whose physical owner changed, in the order the algorithm moved them
 * @param routesChanged names of the nodes (still registered) whose owned set or id changed: they get ROUTES
 * @param removed       the name of the node that left, or {@code null}
 * @param promoted      the name of the reserve promoted by this change, or {@code null}
 */
public record TableChange(ClusterTable table, List<Move> moves, Set<String> routesChanged, String removed,
                          String promoted) {
    /**
     * One moved route. {@code fromId} is the former owner's id before the change, {@code toId} the new owner's id
     * after it; names identify the nodes across the seed policy's renaming.
     */
    public record Move(int route, String fromName, int fromId, String toName, int toId) {
    }

    public TableChange {
        moves = List.copyOf(moves);
        routesChanged = Collections.unmodifiableSet(new TreeSet<>(routesChanged));
    }

    /** The new table version. */
    public long version() {
        return table.version();
    }

    /**
     * Former owner name → (new owner id → routes, ascending): the content of the ROUTE_MOVED messages. A route that
     * had no owner (the first join) is not listed.
     */
    public Map<String, SortedMap<Integer, SortedSet<Integer>>> movedByFormerOwner() {
        Map<String, SortedMap<Integer, SortedSet<Integer>>> out = new LinkedHashMap<>();
        for (Move m : moves) {
            if (m.fromName() != null) {
                out.computeIfAbsent(m.fromName(), k -> new TreeMap<>())
                        .computeIfAbsent(m.toId(), k -> new TreeSet<>()).add(m.route());
            }
        }
        return out;
    }
}
