package org.orbited.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;
import org.orbited.client.cluster.OrbitCluster;

/**
 * The application: sends event N (body {@code "ev#N#"}, N from 1) to every recipient every {@code periodMs} through
 * {@link OrbitCluster}, at most {@code max} events, on one scheduler thread; records when each send began and when its
 * reply (the merged {@link SendResult}, after the client's own retries) arrived. Thread-safe.
 */
final class EventApp implements AutoCloseable {
    /** One event's record. */
    static final class Sent {
        final int seq;
        final long sentNanos = System.nanoTime();
        volatile long repliedNanos;
        volatile SendResult result;
        volatile Throwable error;
        final CompletableFuture<SendResult> future;

        Sent(int seq, CompletableFuture<SendResult> future) {
            this.seq = seq;
            this.future = future;
        }
    }

    private final OrbitCluster cluster;
    private final List<Recipient> recipients;
    private final int max;
    final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-app");
        t.setDaemon(true);
        return t;
    });
    private volatile int next = 1;

    EventApp(OrbitCluster cluster, List<Recipient> recipients, long periodMs, int max) {
        this.cluster = cluster;
        this.recipients = List.copyOf(recipients);
        this.max = max;
        timer.scheduleAtFixedRate(this::sendOne, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private void sendOne() {
        if (next > max) {
            timer.shutdown();
            return;
        }
        int seq = next++;
        CompletableFuture<SendResult> f;
        try {
            f = cluster.send(recipients, "\"ev#" + seq + "#\"");
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        Sent s = new Sent(seq, f);
        sent.put(seq, s);
        f.whenComplete((r, e) -> {
            s.result = r;
            s.error = e;
            s.repliedNanos = System.nanoTime();
        });
    }

    /** Events sent so far. */
    int count() {
        return next - 1;
    }

    /** Stops sending; returns every record, in order. */
    List<Sent> stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        List<Sent> out = new ArrayList<>();
        for (int i = 1; i < next; i++) {
            out.add(sent.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
