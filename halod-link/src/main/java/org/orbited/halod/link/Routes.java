package org.orbited.halod.link;

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
