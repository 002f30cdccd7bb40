package org.orbited.bridge.irc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.irc.NgircdServer;
import org.orbited.bridge.irc.RawIrcClient;
import org.orbited.node.testing.RunningNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.irc.NgircdServer;
import org.orbited.bridge.irc.RawIrcClient;
import org.orbited.node.testing.RunningNode;

/**
 * Mirror-mode throughput across two nodes (docs/benchmarks.md, "Mirror mode: throughput across two nodes"): two linked ngircd (MaxPenaltyTime = 0),
 * node A on irc-a and node B on irc-b with the same {@code mirror = /bench/**} section; one CometD client publishes
 * on node A (at most {@code bench.inflight} publishes unanswered), one on node B is subscribed. Reports messages/s
 * (first publish to last receipt) and p50/p99/max latency from publish on A to receipt on B (one JVM, so
 * {@code System.nanoTime} is comparable). Bounded: {@code bench.count} messages per run, 120 s per run.
 *
 * <p>Not part of the normal test run (the name does not end in Test); run it with
 * <pre>
 * MAVEN_OPTS=-Djansi.noreset=true mvn -B -o -q -pl bridge-irc -am verify -Dtest=IrcMirrorThroughputBench \
 *   -Dsurefire.failIfNoSpecifiedTests=false -DargLine="-Dbench.count=5000"
 * </pre>
 */
@Tag("bench")
class IrcMirrorThroughputBench {
    static final String SECRET = "bench-mirror-secret-0123456789abcdef";

    @Test
    void mirrorThroughputAcrossTwoNodes() throws Exception {
        int count = Integer.getInteger("bench.count", 5000);
        int bigCount = Integer.getInteger("bench.bigCount", 1000);
        int inflight = Integer.getInteger("bench.inflight", 100);
        Path dir = Files.createTempDirectory("irc-mirror-bench");
        try (NgircdServer.Linked ircd = NgircdServer.startLinked(dir)) {
            try (RawIrcClient probe = RawIrcClient.connect("probe", ircd.a().port())) {
                awaitReply(probe, "LINKS", l -> l.contains(" 364 ") && l.contains("irc-b.test.local"));
            }
            try (RunningNode a = RunningNode.start(b -> b.plugins(Map.of("irc.bench", section(ircd.a().port(), "benchA"))));
                 RunningNode b = RunningNode.start(x -> x.plugins(Map.of("irc.bench", section(ircd.b().port(), "benchB"))))) {
                run("warm-up, 100 B", a, b, 500, 100, inflight);
                report("~100 B", run("~100 B", a, b, count, 100, inflight));
                report("~2 KB", run("~2 KB", a, b, bigCount, 2048, inflight));
            }
        }
    }

    static Map<String, String> section(int port, String nick) {
        Map<String, String> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(port));
        m.put("tls", "0");
        m.put("nick", nick);
        m.put("channels", "#bench");
        m.put("mirror", "/bench/**");
        m.put("mirror.secret", SECRET);
        m.put("mirror.rate", "10000");
        m.put("mirror.burst", "10000");
        m.put("mirror.queue", "200000");
        return m;
    }

    record Result(int count, int bytes, double seconds, long[] latenciesNanos) {
    }

    static Result run(String label, RunningNode nodeA, RunningNode nodeB, int count, int size, int inflight)
            throws Exception {
        String channel = "/bench/run" + System.nanoTime();
        HttpClient httpA = new HttpClient();
        HttpClient httpB = new HttpClient();
        httpA.start();
        httpB.start();
        BayeuxClient pub = client(nodeA.httpPort(), httpA);
        BayeuxClient sub = client(nodeB.httpPort(), httpB);
        long[] latencies = new long[count];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(count);
        CompletableFuture<Message> subscribed = new CompletableFuture<>();
        sub.getChannel(channel).subscribe((c, m) -> {
            Map<String, Object> data = m.getDataAsMap();
            if (data.get("warm") != null) {
                return;
            }
            long sent = ((Number) data.get("t")).longValue();
            int i = received.getAndIncrement();
            if (i < count) {
                latencies[i] = System.nanoTime() - sent;
            }
            all.countDown();
        }, subscribed::complete);
        assertThat(subscribed.get(10, TimeUnit.SECONDS).isSuccessful()).isTrue();
        // Node B joins its mirror channel on the subscription; node A joins on its first send. A probe that
        // arrives proves both are in (each probe is re-sent until one crosses; probes are not measured).
        CountDownLatch probe = new CountDownLatch(1);
        sub.getChannel(channel).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener)
                (c, m) -> {
                    if (m.getDataAsMap().get("warm") != null) {
                        probe.countDown();
                    }
                });
        long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!probe.await(500, TimeUnit.MILLISECONDS)) {
            pub.getChannel(channel).publish(Map.of("warm", true));
            if (System.nanoTime() > probeDeadline) {
                throw new AssertionError(label + ": the mirror never carried a probe");
            }
        }
        char[] pad = new char[Math.max(0, size - 40)];
        Arrays.fill(pad, 'x');
        String padding = new String(pad);
        Semaphore window = new Semaphore(inflight);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new AssertionError(label + ": publish replies stalled at " + i);
            }
            pub.getChannel(channel).publish(Map.of("i", i, "t", System.nanoTime(), "p", padding),
                    reply -> window.release());
        }
        boolean done = all.await(120, TimeUnit.SECONDS);
        long end = System.nanoTime();
        pub.disconnect();
        sub.disconnect();
        httpA.stop();
        httpB.stop();
        if (!done) {
            throw new AssertionError(label + ": only " + received.get() + " of " + count + " crossed in 120 s");
        }
        assertThat(received.get()).isEqualTo(count);
        return new Result(count, size, (end - start) / 1e9, latencies);
    }

    static void report(String label, Result r) {
        long[] l = r.latenciesNanos().clone();
        Arrays.sort(l);
        System.out.printf(java.util.Locale.ROOT,
                "IRC mirror %s: %d messages in %.2f s = %.0f msg/s; latency A->B p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, r.count(), r.seconds(), r.count() / r.seconds(), l[l.length / 2] / 1e6,
                l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
    }

    static BayeuxClient client(int port, HttpClient http) throws Exception {
        BayeuxClient c = new BayeuxClient("http://127.0.0.1:" + port + "/cometd", new JettyHttpClientTransport(null, http));
        CompletableFuture<Message> hs = new CompletableFuture<>();
        c.handshake(hs::complete);
        if (!hs.get(10, TimeUnit.SECONDS).isSuccessful()) {
            throw new IllegalStateException("handshake failed");
        }
        return c;
    }

    static void awaitReply(RawIrcClient client, String command, java.util.function.Predicate<String> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int round = 0; client.find(done).isEmpty(); round++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reply to " + command + ": " + client.received());
            }
            String marker = "bench" + round;
            client.send(command);
            client.send("PING :" + marker);
            client.await(l -> l.contains(" PONG ") && l.endsWith(marker), java.time.Duration.ofSeconds(10));
        }
    }
}
