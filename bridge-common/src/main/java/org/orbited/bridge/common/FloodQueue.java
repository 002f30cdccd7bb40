package org.orbited.bridge.common;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Per-target flood control: one token bucket per target (a user's connection, a channel), releasing queued lines
 * at {@code ratePerSecond} after an initial {@code burst}, in order.
 *
 * <p><b>Contract.</b> {@link #offer} sends a line at once (calls the sink on the caller's thread) when its target
 * has a token and nothing queued, else queues it; a queue holding {@code capacity} lines refuses with
 * {@link FloodQueueFullException} (code {@code <prefix>_flood_queue_full}): a line is never dropped silently.
 * Queued lines go out from a task the injected {@link Scheduler} runs when the next token is due.
 * {@link #discard} drops a target's queue and returns how many lines it held, so the caller can report them (e.g.
 * when a user leaves). All methods are thread-safe; the sink is called under this queue's lock, one line at a time,
 * so per-target order is kept; it must not block (PircBotX's {@code sendRaw} only enqueues, Smack's
 * {@code sendStanza} is handed to another thread) and may call {@link #offer} again.
 */
public final class FloodQueue<T> {
    /** Runs a task after a delay; production wraps a {@code ScheduledExecutorService}, tests a fake clock. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final String fullCode;
    private final double tokensPerNano;
    private final int burst;
    private final int capacity;
    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private final BiConsumer<String, T> sink;
    private final Map<String, Bucket<T>> buckets = new HashMap<>();
    private int offersSinceSweep;

    private static final class Bucket<T> {
        double tokens;
        long refilledAt;
        boolean drainScheduled;
        final ArrayDeque<T> queue = new ArrayDeque<>();
    }

    /**
     * @param codes         the bridge's codes ({@link FloodQueueFullException#code()} is
     *                      {@code codes.of("flood_queue_full")})
     * @param ratePerSecond lines per second released per target, above 0
     * @param burst         lines a quiet target may send at once, at least 1
     * @param capacity      lines queued per target before {@link #offer} refuses, at least 1
     * @param nanoClock     monotonic nanoseconds ({@code System::nanoTime} in production)
     * @param sink          receives {@code (target, line)} when a line may go
     */
    public FloodQueue(BridgeCodes codes, double ratePerSecond, int burst, int capacity, Scheduler scheduler,
                      LongSupplier nanoClock, BiConsumer<String, T> sink) {
        if (!(ratePerSecond > 0) || burst < 1 || capacity < 1) {
            throw new IllegalArgumentException("flood queue needs rate > 0, burst >= 1, capacity >= 1; got rate "
                    + ratePerSecond + ", burst " + burst + ", capacity " + capacity);
        }
        this.fullCode = codes.of("flood_queue_full");
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.capacity = capacity;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Sends or queues {@code line} for {@code target}.
     *
     * @return true when it was sent at once, false when queued
     * @throws FloodQueueFullException when the target already has {@code capacity} lines queued
     */
    public synchronized boolean offer(String target, T line) {
        if (++offersSinceSweep >= SWEEP_EVERY && buckets.size() > SWEEP_EVERY) {
            sweep();
        }
        Bucket<T> b = buckets.computeIfAbsent(target, t -> newBucket());
        refill(b);
        if (b.queue.isEmpty() && b.tokens >= 1) {
            b.tokens -= 1;
            sink.accept(target, line);
            return true;
        }
        if (b.queue.size() >= capacity) {
            throw new FloodQueueFullException(fullCode, target,
                    "flood queue for " + target + " is full (" + capacity + " lines waiting); slow down and retry");
        }
        b.queue.add(line);
        scheduleDrain(target, b);
        return false;
    }

    /** Lines waiting for {@code target}. */
    public synchronized int pending(String target) {
        Bucket<T> b = buckets.get(target);
        return b == null ? 0 : b.queue.size();
    }

    /** Lines waiting for {@code target} that {@code which} accepts (a queue shared by several senders). */
    public synchronized int count(String target, java.util.function.Predicate<? super T> which) {
        Bucket<T> b = buckets.get(target);
        int n = 0;
        if (b != null) {
            for (T line : b.queue) {
                n += which.test(line) ? 1 : 0;
            }
        }
        return n;
    }

    /** Forgets {@code target} and returns the lines still queued for it, in order (to report them). */
    public synchronized java.util.List<T> take(String target) {
        Bucket<T> b = buckets.remove(target);
        return b == null ? java.util.List.of() : java.util.List.copyOf(b.queue);
    }

    /**
     * Removes and returns, in order, the lines queued for {@code target} that {@code which} accepts; the others
     * and the bucket stay (a queue shared by several senders, one of which gives up its lines).
     */
    public synchronized java.util.List<T> takeIf(String target, java.util.function.Predicate<? super T> which) {
        Bucket<T> b = buckets.get(target);
        if (b == null) {
            return java.util.List.of();
        }
        java.util.List<T> out = new java.util.ArrayList<>();
        for (java.util.Iterator<T> it = b.queue.iterator(); it.hasNext(); ) {
            T line = it.next();
            if (which.test(line)) {
                out.add(line);
                it.remove();
            }
        }
        return out;
    }

    /** Forgets {@code target}: drops its queue and bucket. Returns the number of lines that were still queued. */
    public synchronized int discard(String target) {
        Bucket<T> b = buckets.remove(target);
        return b == null ? 0 : b.queue.size();
    }

    /** Offers between two sweeps of idle buckets (when there are more buckets than that). */
    public static final int SWEEP_EVERY = 64;

    /**
     * Forgets every target with nothing queued whose bucket has refilled to {@code burst}: such a bucket behaves
     * exactly like a new one, so the map holds only targets that spoke recently or have lines waiting, not every
     * channel or client ever seen.
     */
    private void sweep() {
        offersSinceSweep = 0;
        buckets.values().removeIf(b -> {
            if (!b.queue.isEmpty() || b.drainScheduled) {
                return false;
            }
            refill(b);
            return b.tokens >= burst;
        });
    }

    /** Targets with a bucket now (for tests and statistics). */
    public synchronized int targets() {
        return buckets.size();
    }

    private Bucket<T> newBucket() {
        Bucket<T> b = new Bucket<>();
        b.tokens = burst;
        b.refilledAt = nanoClock.getAsLong();
        return b;
    }

    private void refill(Bucket<T> b) {
        long now = nanoClock.getAsLong();
        b.tokens = Math.min(burst, b.tokens + (now - b.refilledAt) * tokensPerNano);
        b.refilledAt = now;
    }

    private void scheduleDrain(String target, Bucket<T> b) {
        if (b.drainScheduled) {
            return;
        }
        b.drainScheduled = true;
        long delay = b.tokens >= 1 ? 0 : (long) Math.ceil((1 - b.tokens) / tokensPerNano);
        scheduler.schedule(() -> drain(target, b), delay);
    }

    private synchronized void drain(String target, Bucket<T> b) {
        b.drainScheduled = false;
        if (buckets.get(target) != b) {
            return; // discarded meanwhile
        }
        refill(b);
        while (!b.queue.isEmpty() && b.tokens >= 1) {
            b.tokens -= 1;
            sink.accept(target, b.queue.poll());
        }
        if (!b.queue.isEmpty()) {
            scheduleDrain(target, b);
        }
    }
}
