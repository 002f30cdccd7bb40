package org.orbited.bridge.xmpp.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.xmpp.ProsodyServer;

/**
 * Benchmark (not part of the test run: {@code bench/xmpp/run.sh mirror}, docs/benchmarks.md "XMPP bridge"): mirror
 * mode across two nodes on one prosody (STARTTLS unless {@code -Dbench.tls=0}), each node its own JVM with its own
 * account and the same section ({@code mirror = /bench/**}, the same secret and room password, {@code mirror.rate},
 * {@code mirror.burst} 10,000, {@code mirror.queue} 200,000). One CometD client publishes on node A, at most
 * {@code bench.inflight} (100) publishes unanswered; one on node B is subscribed. Reports messages/s (first publish
 * to last receipt on B) and the latency from publish on A to receipt on B (one JVM: one clock). Runs: a warm-up of
 * 500, {@code bench.count} (2,000) of about 100 B, {@code bench.bigCount} (500) of about 2 KB. Bounded: 120 s of
 * waiting per run; fails only if nothing at all arrives on B.
 */
class XmppMirrorThroughputBench {
    static final String SECRET = "bench-mirror-secret-0123456789abcdef";
    static final String CHANNEL = "/bench/mirror";

    @TempDir
    Path dir;

    @Test
    void mirrorThroughputAcrossTwoNodes() throws Exception {
        int count = Bench.param("count", 2000, 10, 100_000);
        int bigCount = Bench.param("bigCount", 500, 0, 20_000);
        int inflight = Bench.param("inflight", 100, 1, 1000);
        boolean tls = Bench.param("tls", 1, 0, 1) == 1;
        Map<String, String> mirror = Map.of("rooms", "lobby", "mirror", "/bench/**", "mirror.secret", SECRET,
                "mirror.key", "bench-room-password", "mirror.rate", "10000", "mirror.burst", "10000",
                "mirror.queue", "200000");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("params", Map.of("count", count, "big_count", bigCount, "inflight", inflight, "mirror", mirror,
                "tls", tls ? "STARTTLS required, verified (trust store)" : "none (tls = 0, loopback)",
                "transport", "long-polling (CometD Java client 8.0.9)"));
        ProsodyServer.Options server = tls ? ProsodyServer.Options.tlsRequired() : ProsodyServer.Options.PLAIN;
        try (ProsodyServer xmpp = ProsodyServer.start(dir.resolve("prosody"), server.withHistory(0))) {
            xmpp.register("bridge2", XmppBench.BRIDGE_PASSWORD);
            Map<String, String> b = new LinkedHashMap<>(mirror);
            b.put("sasl.user", "bridge2");
            b.put("nick", "bridge2");
            try (BenchNode nodeA = XmppBench.node(dir.resolve("node-a"), XmppBench.options(xmpp, mirror));
                 BenchNode nodeB = XmppBench.node(dir.resolve("node-b"), XmppBench.options(xmpp, b));
                 BenchBrowsers onA = new BenchBrowsers(nodeA.httpPort(), 1);
                 BenchBrowsers onB = new BenchBrowsers(nodeB.httpPort(), 1)) {
                onA.add(1, 1, null, null);
                Run[] current = new Run[1];
                onB.add(1, 1, CHANNEL, (v, data, nanos) -> {
                    Run r = current[0];
                    Object seq = data.get("seq");
                    if (r != null && seq instanceof Number n && r.tag.equals(data.get("run"))) {
                        r.received(n.intValue(), nanos);
                    }
                });
                Bench.pause(3000);  // both occupants enter the mirror room (B is subscribed, A sends within join.grace)
                current[0] = new Run("warm-up", 500);
                run(onA, current[0], 100, inflight);
                result.put("warm_up", current[0].report());
                current[0] = new Run("small", count);
                run(onA, current[0], 100, inflight);
                result.put("about_100_bytes", current[0].report());
                if (bigCount > 0) {
                    current[0] = new Run("big", bigCount);
                    run(onA, current[0], 2048, inflight);
                    result.put("about_2_kilobytes", current[0].report());
                }
                result.put("node_a", nodeA.footprint().toMap());
                result.put("node_b", nodeB.footprint().toMap());
            }
            result.put("prosody", Bench.process(xmpp.pid()));
        }
        XmppBench.write("mirror", result);
    }

    /** One run's bookkeeping: send and receive times by sequence number. */
    static final class Run {
        final String tag;
        final int n;
        final AtomicLongArray sent;
        final AtomicLongArray got;
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        volatile long first;
        volatile long last;

        Run(String tag, int n) {
            this.tag = tag;
            this.n = n;
            this.sent = new AtomicLongArray(n);
            this.got = new AtomicLongArray(n);
        }

        void received(int seq, long nanos) {
            if (seq < 0 || seq >= n) {
                return;
            }
            if (got.compareAndSet(seq, 0, nanos)) {
                received.incrementAndGet();
                last = Math.max(last, nanos);
            } else {
                duplicates.incrementAndGet();
            }
        }

        Map<String, Object> report() {
            long[] lat = new long[received.get()];
            int j = 0;
            for (int i = 0; i < n && j < lat.length; i++) {
                if (got.get(i) != 0 && sent.get(i) != 0) {
                    lat[j++] = got.get(i) - sent.get(i);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messages", n);
            m.put("received", received.get());
            m.put("duplicates", duplicates.get());
            double seconds = (last - first) / 1e9;
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("messages_per_second", seconds > 0 ? Math.round(received.get() / seconds * 10) / 10.0 : null);
            m.put("latency", Bench.latency(java.util.Arrays.copyOf(lat, j)));
            XmppBench.log("mirror %s: %s", tag, m);
            return m;
        }
    }

    /** Publishes run {@code r} from browser 0 of {@code onA}, at most {@code inflight} unanswered; waits 120 s. */
    private static void run(BenchBrowsers onA, Run r, int bytes, int inflight) throws Exception {
        String pad = "x".repeat(Math.max(0, bytes - 40));
        Semaphore window = new Semaphore(inflight);
        r.first = System.nanoTime();
        for (int i = 0; i < r.n; i++) {
            if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("publishes on node A not answered within 60 s");
            }
            r.sent.set(i, System.nanoTime());
            Map<String, Object> data = Map.of("run", r.tag, "seq", i, "p", pad);
            for (CompletableFuture<Message> f : onA.publishAll(0, 1, CHANNEL, x -> data)) {
                f.whenComplete((m, e) -> window.release());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int stable = 0;
        int seen = -1;
        while (r.received.get() < r.n && System.nanoTime() < deadline && stable < 200) {  // or 10 s without one
            stable = r.received.get() == seen ? stable + 1 : 0;
            seen = r.received.get();
            Bench.pause(50);
        }
        if (r.received.get() == 0) {
            throw new IllegalStateException("nothing of run " + r.tag + " reached node B");
        }
    }
}
