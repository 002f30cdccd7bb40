package org.orbited.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes at a target rate (or as fast as the window allows, rate 0) for a bounded time and count. Message
 * {@code j} goes to target {@code j % targets}; target {@code t} always uses publisher {@code t % publishers}, so
 * each target's sequence numbers leave in order on one connection. Every millisecond the due messages are built
 * here (payload with {@code seq} and {@code t = nanoTime()}) and handed to each publisher's event loop as one
 * batch, flushed once. A publisher with {@code window} unanswered publishes is skipped until it catches up.
 */
final class RateDriver {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<Publisher> publishers;
    private final int targets;
    private final int size;
    private final int window;
    private final long[] seq;
    private long sent;
    private long startNanos;
    private long endNanos;

    RateDriver(List<Publisher> publishers, int targets, int size, int window) {
        this.publishers = publishers;
        this.targets = targets;
        this.size = size;
        this.window = window;
        this.seq = new long[targets];
    }

    /** Runs until {@code duration} passed or {@code max} messages were handed over; returns the count. */
    long run(double rate, long max, long durationNanos) {
        startNanos = System.nanoTime();
        long stop = startNanos + durationNanos;
        long[] handed = new long[publishers.size()];
        while (sent < max) {
            long now = System.nanoTime();
            if (now >= stop) {
                break;
            }
            long due = rate > 0 ? Math.min(max, (long) (rate * (now - startNanos) / 1e9)) : max;
            List<List<byte[]>> batches = new ArrayList<>();
            List<List<Integer>> batchTargets = new ArrayList<>();
            for (int p = 0; p < publishers.size(); p++) {
                batches.add(new ArrayList<>());
                batchTargets.add(new ArrayList<>());
            }
            while (sent < due) {
                int t = (int) (sent % targets);
                int p = t % publishers.size();
                if (handed[p] - publishers.get(p).accepted() - publishers.get(p).rejected() >= window) {
                    break; // in order: wait for this publisher rather than skip ahead
                }
                batches.get(p).add(Payload.of(++seq[t], System.nanoTime(), size));
                batchTargets.get(p).add(t);
                handed[p]++;
                sent++;
            }
            for (int p = 0; p < publishers.size(); p++) {
                handOver(publishers.get(p), batches.get(p), batchTargets.get(p));
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        endNanos = System.nanoTime();
        return sent;
    }

    private static void handOver(Publisher pub, List<byte[]> payloads, List<Integer> targets) {
        if (payloads.isEmpty()) {
            return;
        }
        pub.loop().execute(() -> {
            for (int i = 0; i < payloads.size(); i++) {
                pub.publish(targets.get(i), payloads.get(i));
            }
            pub.flush();
        });
    }

    /** Messages published to each target. */
    long[] perTarget() {
        return seq.clone();
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
