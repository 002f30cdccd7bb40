package org.orbited.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one generator process counts: connections established, deliveries (every subscriber), and for the
 * sampled subscribers latency (microseconds), duplicates and reordering. Thread-safe; written from the event
 * loops, read by the scenario.
 */
public final class Tally {
    /** Latencies above a minute are clamped: a bench run is bounded well below that. */
    private static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(1);

    private final AtomicInteger established = new AtomicInteger();
    private final LongAdder connects = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final ConcurrentHistogram latencyUs = new ConcurrentHistogram(MAX_LATENCY_US, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public void established() {
        established.incrementAndGet();
    }

    /** A connection (or poll request) reached the server: counted by churn. */
    public void connected() {
        connects.increment();
    }

    public void deliveries(long n) {
        if (n != 0) {
            deliveries.add(n);
        }
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void outOfOrder() {
        outOfOrder.increment();
    }

    public void latencyNanos(long nanos) {
        latencyUs.recordValue(Math.max(0, Math.min(MAX_LATENCY_US, nanos / 1000)));
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** After this, connections closing are the generator's doing and not errors. */
    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    public int establishedCount() {
        return established.get();
    }

    public long connectsCount() {
        return connects.sum();
    }

    public long deliveriesCount() {
        return deliveries.sum();
    }

    public long duplicatesCount() {
        return duplicates.sum();
    }

    public long outOfOrderCount() {
        return outOfOrder.sum();
    }

    public Histogram latencyCopy() {
        return latencyUs.copy();
    }

    public Map<String, Long> errorsCopy() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
