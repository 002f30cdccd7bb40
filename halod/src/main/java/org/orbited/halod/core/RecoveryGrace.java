package org.orbited.halod.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The re-registration grace after a gateway restart (docs/halod.md section 5, {@code recovery.graceMs}, default
 * 3000). It starts with the names of the nodes in the loaded table. A REGISTER that carries its previous id and a
 * matching name ({@link #reclaim}) keeps the node's place: nothing moves. When the grace has ended, {@link #expired}
 * returns, once, the names that never came back; the gateway removes each with {@link ClusterTable#remove} (the
 * policy applies as for a failure).
 *
 * <p>Injected clock (monotonic milliseconds). Not thread-safe: the control thread only.
 */
public final class RecoveryGrace {
    private final LongSupplier clockMs;
    private final long endsAt;
    private final Set<String> missing;
    private boolean over;

    /** A grace of {@code graceMs} from now for every node of {@code restored}. */
    public RecoveryGrace(ClusterTable restored, long graceMs, LongSupplier clockMs) {
        this.clockMs = clockMs;
        this.endsAt = clockMs.getAsLong() + graceMs;
        this.missing = new LinkedHashSet<>();
        restored.nodes().forEach(n -> missing.add(n.name()));
        this.over = missing.isEmpty();
    }

    /**
     * A node registered during the grace: true when it re-claims its place in {@code current} (same name, the
     * same id it had, 0 for a reserve) so the gateway keeps its routes and answers with its old id. False after
     * the grace, for an unknown name, or for a wrong id (the gateway then treats it as a new node, after removing
     * the old entry of that name).
     */
    public boolean reclaim(ClusterTable current, String name, int previousId) {
        if (over || !missing.contains(name) || !current.canReclaim(name, previousId)) {
            return false;
        }
        missing.remove(name);
        return true;
    }

    /** Whether the grace is still open (call {@link #expired} to close it). */
    public boolean open() {
        return !over && clockMs.getAsLong() < endsAt;
    }

    /** Once the grace has ended: the names that did not come back, exactly once; otherwise an empty list. */
    public List<String> expired() {
        if (over || clockMs.getAsLong() < endsAt) {
            return List.of();
        }
        over = true;
        List<String> gone = new ArrayList<>(missing);
        missing.clear();
        return gone;
    }
}
