package org.orbited.node.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the node reports at {@code /_/status} and {@code /_/metrics}. Thread-safe, lock-free. */
public final class HubStats {
    private final LongAdder queued = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> open = new ConcurrentHashMap<>();

    void eventQueued() {
        queued.increment();
    }

    void eventWritten() {
        written.increment();
    }

    void eventFailed() {
        failed.increment();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    /** A transport opened a browser connection. */
    public void connectionOpened(String transport) {
        open.computeIfAbsent(transport, t -> new LongAdder()).increment();
    }

    /** A transport's browser connection closed. */
    public void connectionClosed(String transport) {
        open.computeIfAbsent(transport, t -> new LongAdder()).decrement();
    }

    /** Events queued into sessions since start (one per recipient copy). */
    public long eventsQueued() {
        return queued.sum();
    }

    /** Events fully written to browsers since start. */
    public long eventsWritten() {
        return written.sum();
    }

    /** Event copies that failed (expired, withdrawn at the deadline, too many attempts, rejected). */
    public long eventsFailed() {
        return failed.sum();
    }

    public long slowConsumers() {
        return slowConsumers.sum();
    }

    /** Open browser connections per transport name, sorted by name. */
    public Map<String, Long> connectionsByTransport() {
        Map<String, Long> m = new TreeMap<>();
        open.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
