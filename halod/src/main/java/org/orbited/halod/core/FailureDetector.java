package org.orbited.halod.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The gateway's silence detector (docs/halod.md section 3). Every received line calls {@link #seen}; the gateway's
 * heartbeat timer calls {@link #tick} every {@code heartbeatMs} and removes the nodes it returns. A node silent
 * for {@code missLimit × heartbeatMs} is returned once and forgotten. (EOF on a link is an immediate failure and
 * does not go through here: the gateway calls {@link #forget} and removes the node.)
 *
 * <p><b>Pause guard.</b> When a tick comes more than two intervals late (the gateway itself was paused by GC or
 * the scheduler), silence measured across the pause says nothing about the nodes: that tick resets every node's
 * last-seen time to now and declares nobody failed.
 *
 * <p>The clock is injected (monotonic milliseconds, e.g. {@code () -> System.nanoTime() / 1_000_000}). Not
 * thread-safe: call it from the one control thread that also handles the links' lines.
 *
 * @param <K> what identifies a node or link (the gateway's choice: a name or the link object)
 */
public final class FailureDetector<K> {
    private final HeartbeatSettings settings;
    private final LongSupplier clockMs;
    private final Map<K, Long> lastSeen = new LinkedHashMap<>();
    private long lastTick;
    private long pauses;

    public FailureDetector(HeartbeatSettings settings, LongSupplier clockMs) {
        this.settings = settings;
        this.clockMs = clockMs;
        this.lastTick = clockMs.getAsLong();
    }

    /** Something arrived from {@code node} now (starts tracking it). */
    public void seen(K node) {
        lastSeen.put(node, clockMs.getAsLong());
    }

    /** Stops tracking {@code node} (it left, failed by EOF, or was declared failed). */
    public void forget(K node) {
        lastSeen.remove(node);
    }

    /** The heartbeat timer fired: the nodes now declared failed, in the order they were first seen. */
    public List<K> tick() {
        long now = clockMs.getAsLong();
        long late = now - (lastTick + settings.heartbeatMs());
        lastTick = now;
        List<K> failed = new ArrayList<>();
        if (late > 2 * settings.heartbeatMs()) {
            pauses++;
            lastSeen.replaceAll((k, v) -> now);
            return failed;
        }
        lastSeen.forEach((k, v) -> {
            if (now - v >= settings.failAfterMs()) {
                failed.add(k);
            }
        });
        failed.forEach(lastSeen::remove);
        return failed;
    }

    /** How many ticks the pause guard has swallowed (for metrics). */
    public long pauses() {
        return pauses;
    }

    /** Nodes tracked now. */
    public int tracked() {
        return lastSeen.size();
    }
}
