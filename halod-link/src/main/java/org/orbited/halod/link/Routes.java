package org.orbited.halod.link;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * ROUTES, gateway → node: {@code {"type":"ROUTES","version":42,"id":3,"owned":[9,10,11,12,21,22]}}, the complete
 * set of routes the node owns at that table version; it replaces any earlier set.
 *
 * @param version table version, &ge; 0
 * @param id      the node's id at that version (0 for a reserve)
 * @param owned   route ids 1..{@link LinkLimits#MAX_ROUTES}, held as an unmodifiable ascending set
 */
public record Routes(long version, int id, SortedSet<Integer> owned) implements LinkMessage {
    public Routes {
        if (version < 0 || id < 0) {
            throw new IllegalArgumentException("negative version or id: " + version + ", " + id);
        }
        owned = RouteSets.copy(Objects.requireNonNull(owned, "owned"));
    }

    /** ROUTES from any set of route ids. */
    public Routes(long version, int id, Set<Integer> owned) {
        this(version, id, new TreeSet<>(owned));
    }

    @Override
    public String type() {
        return "ROUTES";
    }
}

/** Route-set checks shared by the records. */
final class RouteSets {
    private RouteSets() {
    }

    static SortedSet<Integer> copy(Set<Integer> routes) {
        TreeSet<Integer> copy = new TreeSet<>(routes);
        if (copy.size() > LinkLimits.MAX_ROUTES) {
            throw new IllegalArgumentException("more than " + LinkLimits.MAX_ROUTES + " routes: " + copy.size());
        }
        if (!copy.isEmpty() && (copy.first() < 1 || copy.last() > LinkLimits.MAX_ROUTES)) {
            throw new IllegalArgumentException("route id outside 1.." + LinkLimits.MAX_ROUTES + ": " + copy);
        }
        return Collections.unmodifiableSortedSet(copy);
    }
}
