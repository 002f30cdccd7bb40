package org.orbited.bridge.xmpp.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.xmpp.ProsodyServer;

/**
 * Benchmark (not part of the test run: {@code bench/xmpp/run.sh roundtrip}, docs/benchmarks.md "XMPP bridge"):
 * browser → Smack client → browser round trips through one node and a real prosody (STARTTLS required and verified
 * against the server's trust store, unless {@code -Dbench.tls=0}). A CometD client subscribed to
 * {@code /xmpp/conference$2Elocalhost/bench-...} says {@code rt-<i>} through the say service; the helper, a plain
 * Smack client in that room, answers {@code re-<i>} the moment the message arrives; the time is from the say call to
 * the answer's delivery to the browser, both legs (browser → helper, helper → browser) from the same clock.
 * Sequential: one round trip in flight.
 *
 * <p>Series: relay mode (the bridge's occupant speaks) with the flood control relaxed ({@code bench.n} round trips
 * after {@code bench.warmup}); an anonymous visitor (the browser logged in through {@code /login}: its own XMPP
 * session by SASL ANONYMOUS speaks), relaxed, {@code bench.n / 2}; relay mode with the default flood settings, one
 * round trip every 1,100 ms ({@code bench.paced}; the per-visitor default is 1 line/s); then (unless
 * {@code -Dbench.noNagle=0}) the two relaxed series again with prosody restarted with {@code network_settings =
 * { nagle = false }}: with its default (Nagle on) a second small write to the same client within its delayed-ACK
 * window waits for that ACK (about 40 ms on Linux loopback). Fails only if an answer never comes (10 s each), never
 * on timing.
 */
class XmppRoundTripBench {
    static final Map<String, String> RELAXED = Map.ofEntries(Map.entry("flood.rate", "1000"),
            Map.entry("flood.burst", "1000"), Map.entry("flood.queue", "1000"),
            Map.entry("flood.channel.rate", "1000"), Map.entry("flood.channel.burst", "1000"),
            Map.entry("flood.channel.queue", "1000"), Map.entry("flood.visitor.rate", "1000"),
            Map.entry("flood.visitor.burst", "1000"), Map.entry("flood.visitor.queue", "1000"));

    @TempDir
    Path dir;

    @Test
    void roundTrips() throws Exception {
        int n = Bench.param("n", 1000, 10, 20_000);
        int warmup = Bench.param("warmup", 300, 0, 5000);
        int paced = Bench.param("paced", 30, 0, 500);
        boolean tls = Bench.param("tls", 1, 0, 1) == 1;
        boolean noNagle = Bench.param("noNagle", 1, 0, 1) == 1;
        Map<String, String> relaxed = new LinkedHashMap<>(RELAXED);
        relaxed.put("rooms", "bench-*");
        relaxed.put("join.grace", "30s");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("params", Map.of("n", n, "warmup", warmup, "paced", paced, "transport", "long-polling",
                "tls", tls ? "STARTTLS required, verified (trust store)" : "none (tls = 0, loopback)",
                "relaxed_flood", relaxed, "prosody", "0.12, ProsodyServer harness config; *_prosody_nagle_off: plus"
                        + " network_settings = { nagle = false }"));
        ProsodyServer.Options server = tls ? ProsodyServer.Options.tlsRequired() : ProsodyServer.Options.PLAIN;
        try (ProsodyServer xmpp = ProsodyServer.start(dir.resolve("prosody"), server.withHistory(0))) {
            try (BenchNode node = XmppBench.node(dir.resolve("node-relaxed"), XmppBench.options(xmpp, relaxed))) {
                result.put("relay_relaxed", run(node, xmpp, "relay", warmup, n, 0));
                result.put("anonymous_relaxed", run(node, xmpp, "anonymous", warmup / 2, n / 2, 0));
            }
            if (paced > 0) {
                try (BenchNode node = XmppBench.node(dir.resolve("node-default"),
                        XmppBench.options(xmpp, Map.of("rooms", "bench-*", "join.grace", "30s")))) {
                    // one visitor: the default per-visitor rate (1 line/s) is the tightest bucket, so pace below it
                    result.put("relay_default_flood_paced_1100ms", run(node, xmpp, "relay", 0, paced, 1100));
                }
            }
            result.put("prosody", Bench.process(xmpp.pid()));
            if (noNagle) {
                withoutNagle(xmpp);
                try (BenchNode node = XmppBench.node(dir.resolve("node-nodelay"), XmppBench.options(xmpp, relaxed))) {
                    result.put("relay_relaxed_prosody_nagle_off", run(node, xmpp, "relay", warmup, n, 0, "nd"));
                    result.put("anonymous_relaxed_prosody_nagle_off", run(node, xmpp, "anonymous", warmup / 2, n / 2,
                            0, "nd"));
                }
            }
        }
        XmppBench.write("roundtrip", result);
    }

    /**
     * Restarts {@code xmpp} with prosody's {@code network_settings = { nagle = false }} (TCP_NODELAY on its
     * sockets), appended to the harness's file in the global section ({@code Host "*"}); accounts survive.
     */
    static void withoutNagle(ProsodyServer xmpp) throws java.io.IOException {
        xmpp.stop();
        java.nio.file.Files.writeString(xmpp.dir().resolve("prosody.cfg.lua"),
                "\nHost \"*\"\nnetwork_settings = { nagle = false }\n", java.nio.file.StandardOpenOption.APPEND);
        xmpp.start();
    }

    private Map<String, Object> run(BenchNode node, ProsodyServer xmpp, String mode, int warmup, int n, int paceMs)
            throws Exception {
        return run(node, xmpp, mode, warmup, n, paceMs, "");
    }

    /** One series: {@code warmup} unrecorded then {@code n} recorded round trips, one every {@code paceMs} at most. */
    private Map<String, Object> run(BenchNode node, ProsodyServer xmpp, String mode, int warmup, int n, int paceMs,
                                    String tag) throws Exception {
        int total = warmup + n;
        AtomicReferenceArray<CompletableFuture<Long>> answered = new AtomicReferenceArray<>(total);
        AtomicLongArray atHelper = new AtomicLongArray(total);
        AtomicLongArray helperSent = new AtomicLongArray(total);
        for (int i = 0; i < total; i++) {
            answered.set(i, new CompletableFuture<>());
        }
        String visitor = "rtv" + mode.charAt(0) + paceMs + tag;
        String room = "bench-" + mode + paceMs + tag;               // a fresh room per series: the bridge joins it
        String channel = XmppBench.PREFIX + room;
        try (BenchHelper helper = BenchHelper.anonymous(xmpp);
             BenchBrowsers browsers = new BenchBrowsers(node.httpPort(), 1)) {
            helper.join(room, "helper", (r, nick, body, nanos) -> {
                int rt = "helper".equals(nick) ? -1 : body.lastIndexOf("rt-");
                if (rt < 0) {
                    return;
                }
                int i;
                try {
                    i = Integer.parseInt(body.substring(rt + 3).trim());
                } catch (NumberFormatException e) {
                    return;
                }
                if (i < 0 || i >= total) {
                    return;
                }
                atHelper.set(i, nanos);
                helperSent.set(i, System.nanoTime());
                helper.say(room, "re-" + i);
            });
            browsers.add(1, 1, channel, (b, data, nanos) -> {
                Object text = data.get("text");
                if ("message".equals(data.get("type")) && text instanceof String s && s.startsWith("re-")) {
                    answered.get(Integer.parseInt(s.substring(3))).complete(nanos);
                }
            });
            if (!helper.awaitPresent(room, "bridge", 30)) {
                throw new IllegalStateException("the bridge did not join " + room + " within 30 s; node log:\n"
                        + node.logTail());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", mode);
            if (mode.equals("anonymous")) {
                long t0 = System.nanoTime();
                Message login = browsers.call(0, XmppBench.SERVICE + "login", Map.of("nick", visitor))
                        .get(60, TimeUnit.SECONDS);
                Map<String, Object> answer = login.getDataAsMap();
                if (answer == null || !Boolean.TRUE.equals(answer.get("ok"))) {
                    throw new IllegalStateException("login refused: " + login + "; node log:\n" + node.logTail());
                }
                r.put("login_ms", Bench.ms(System.nanoTime() - t0));
                if (!helper.awaitPresent(room, visitor, 30)) {
                    throw new IllegalStateException(visitor + " did not join " + room + " within 30 s");
                }
                r.put("login_and_join_ms", Bench.ms(System.nanoTime() - t0));
            }
            long[] rtt = new long[n];
            long[] up = new long[n];
            long[] down = new long[n];
            long began = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                Map<String, Object> data = mode.equals("anonymous") ? Map.of("channel", room, "text", "rt-" + i)
                        : Map.of("channel", room, "text", "rt-" + i, "name", "bench");
                CompletableFuture<Message> reply = browsers.call(0, XmppBench.SERVICE + "say", data);
                long got;
                try {
                    got = answered.get(i).get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("round trip " + i + " (" + mode + ") not answered within 10 s;"
                            + " say answer " + reply.getNow(null) + ", at helper " + atHelper.get(i)
                            + "; node log:\n" + node.logTail(), e);
                }
                if (i >= warmup) {
                    rtt[i - warmup] = got - t0;
                    up[i - warmup] = atHelper.get(i) - t0;
                    down[i - warmup] = got - helperSent.get(i);
                }
                long left = paceMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (left > 0) {
                    Bench.pause(left);
                }
                if (i % 500 == 499) {
                    helper.drain();
                }
            }
            r.put("round_trip", Bench.latency(rtt));
            r.put("browser_to_xmpp", Bench.latency(up));
            r.put("xmpp_to_browser", Bench.latency(down));
            r.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
            r.put("node", node.footprint().toMap());
            XmppBench.log("%s pace %d ms %s: %s", mode, paceMs, tag, r);
            if (mode.equals("anonymous")) {
                browsers.call(0, XmppBench.SERVICE + "logout", Map.of()).get(10, TimeUnit.SECONDS);
            }
            return r;
        }
    }
}
