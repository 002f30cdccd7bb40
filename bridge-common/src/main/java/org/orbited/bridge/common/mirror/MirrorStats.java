package org.orbited.bridge.common.mirror;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counters of mirror mode (messages and frames sent and received, and every drop by reason), with a WARN log line
 * per reason at most every {@value #WARN_EVERY_MS} ms that says how many happened meanwhile
 * ({@code <label> mirror: dropped (<reason>, <n> since the last such warning): <detail>}). Thread-safe.
 */
public final class MirrorStats {
    /** The least time between two warnings of one reason. */
    public static final long WARN_EVERY_MS = 10_000;

    private final Logger log;
    private final String label;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWarn = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sinceWarn = new ConcurrentHashMap<>();

    /**
     * @param log   the bridge's logger
     * @param label what the warnings start with: {@code IRC oftc}, {@code XMPP conference.example.org}
     */
    public MirrorStats(Logger log, String label) {
        this.log = log;
        this.label = label;
    }

    /** Adds one to {@code name}. */
    public void count(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    /** Counts {@code dropped.<reason>} and logs a rate-limited WARN with {@code detail}. */
    public void drop(String reason, String detail) {
        count("dropped." + reason);
        long suppressed = sinceWarn.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        long now = System.currentTimeMillis();
        boolean[] due = new boolean[1];
        lastWarn.compute(reason, (k, last) -> {
            due[0] = last == null || now - last >= WARN_EVERY_MS;
            return due[0] ? now : last;
        });
        if (due[0]) {
            sinceWarn.get(reason).set(0);
            log.warn("{} mirror: dropped ({}, {} since the last such warning): {}", label, reason, suppressed,
                    detail);
        }
    }

    /** The count of {@code name} (0 when never counted). */
    public long get(String name) {
        AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** Every counter, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
