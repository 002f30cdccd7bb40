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
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile boolean stopping;
    /** Thread dumps taken when the app made no progress for {@link #STALL_NANOS} (printed and kept for reports). */
    final List<String> stallDumps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-app-watchdog");
        t.setDaemon(true);
        return t;
    });

    EventApp(OrbitCluster cluster, List<Recipient> recipients, long periodMs, int max) {
        this.cluster = cluster;
        this.recipients = List.copyOf(recipients);
        this.max = max;
        timer.scheduleAtFixedRate(this::sendOne, 0, periodMs, TimeUnit.MILLISECONDS);
        watchdog.scheduleWithFixedDelay(this::checkProgress, 1, 1, TimeUnit.SECONDS);
    }

    /** Every second: when no send began for 10 s while the app should be sending, dumps every thread once per stall. */
    private void checkProgress() {
        if (stopping || next > max || System.nanoTime() - lastProgressNanos < STALL_NANOS) {
            return;
        }
        StringBuilder dump = new StringBuilder("[event-app] STALL: no send began for 10 s (event " + next
                + " pending); thread dump of the test JVM:\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement el : e.getValue()) {
                dump.append("    at ").append(el).append('\n');
            }
        }
        stallDumps.add(dump.toString());
        System.out.println(dump);
        lastProgressNanos = System.nanoTime(); // next dump after another 10 s without progress
    }

    private void sendOne() {
        if (next > max) {
            timer.shutdown();
            return;
        }
        int seq = next++;
        lastProgressNanos = System.nanoTime();
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
        stopping = true;
        watchdog.shutdownNow();
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
        stopping = true;
        watchdog.shutdownNow();
        timer.shutdownNow();
    }
}
