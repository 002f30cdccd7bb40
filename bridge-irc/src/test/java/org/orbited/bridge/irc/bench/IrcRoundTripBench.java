package org.orbited.bridge.irc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.irc.NgircdServer;

/**
 * Benchmark (not part of the test run: run with {@code bench/irc/run.sh roundtrip}, docs/benchmarks.md "IRC
 * bridge"): browser → IRC client → browser round trips through one node. A CometD client says {@code rt-<i>}
 * in {@code #bench-...} through the say service (subscribed to {@code /irc/local/$23bench-...}); the helper, a plain-socket IRC client in that IRC channel, answers {@code re-<i>}
 * the moment the PRIVMSG arrives; the time is from the say call to the answer's delivery to the browser, with
 * both legs (browser → helper, helper → browser) from the same clock. Sequential: one round trip in flight.
 *
 * <p>Runs: relay mode with the flood queue relaxed ({@code bench.n} round trips after {@code bench.warmup}); relay
 * mode with the default flood settings, paced below their rate ({@code bench.paced} round trips, one every 1,100 ms (below the per-visitor default of 1 line/s));
 * personal mode (the browser logged in, its own connection speaks), relaxed, {@code bench.n / 2} round trips.
 * Fails only if an answer never comes (10 s each), never on timing.
 */
class IrcRoundTripBench {

    @TempDir
    Path dir;

    @Test
    void roundTrips() throws Exception {
        int n = Bench.param("n", 2000, 10, 20_000);
        int warmup = Bench.param("warmup", 500, 0, 5000);
        int paced = Bench.param("paced", 50, 0, 500);
        Map<String, Object> relaxed = Map.ofEntries(Map.entry("channels", "#bench-*"), Map.entry("join.grace", "30s"),
                Map.entry("flood.rate", "1000"), Map.entry("flood.burst", "1000"), Map.entry("flood.queue", "1000"),
                Map.entry("flood.channel.rate", "1000"), Map.entry("flood.channel.burst", "1000"),
                Map.entry("flood.channel.queue", "1000"), Map.entry("flood.visitor.rate", "1000"),
                Map.entry("flood.visitor.burst", "1000"), Map.entry("flood.visitor.queue", "1000"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("params", Map.of("n", n, "warmup", warmup, "paced", paced, "transport", "long-polling",
                "relaxed_flood", relaxed, "ngircd", "harness config (MaxPenaltyTime = 0)"));
        try (NgircdServer ircd = NgircdServer.start(dir.resolve("ircd"))) {
            try (BenchNode node = IrcBench.node(dir.resolve("node-relaxed"), ircd.port(), strings(relaxed))) {
                result.put("relay_relaxed", run(node, ircd, "relay", warmup, n, 0));
                result.put("personal_relaxed", run(node, ircd, "personal", warmup / 2, n / 2, 0));
            }
            if (paced > 0) {
                try (BenchNode node = IrcBench.node(dir.resolve("node-default"), ircd.port(),
                        Map.of("channels", "#bench-*", "join.grace", "30s"))) {
                    // one visitor: the default per-visitor rate (1 line/s) is the tightest bucket, so pace below it
                    result.put("relay_default_flood_paced_1100ms", run(node, ircd, "relay", 0, paced, 1100));
                }
            }
        }
        IrcBench.write("roundtrip", result);
    }

    static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> s = new LinkedHashMap<>();
        m.forEach((k, v) -> s.put(k, String.valueOf(v)));
        return s;
    }

    /** One series: {@code warmup} unrecorded then {@code n} recorded round trips, one every {@code paceMs} at most. */
    private Map<String, Object> run(BenchNode node, NgircdServer ircd, String mode, int warmup, int n, int paceMs)
            throws Exception {
        int total = warmup + n;
        AtomicReferenceArray<CompletableFuture<Long>> answered = new AtomicReferenceArray<>(total);
        AtomicLongArray atHelper = new AtomicLongArray(total);
        AtomicLongArray helperSent = new AtomicLongArray(total);
        for (int i = 0; i < total; i++) {
            answered.set(i, new CompletableFuture<>());
        }
        String visitor = "rtv" + mode.charAt(0) + paceMs;
        String irc = "#bench-" + mode + paceMs;                     // a fresh channel per series: the bridge joins it
        String channel = "/irc/local/$23bench-" + mode + paceMs;
        try (IrcHelper helper = IrcHelper.connect("helper" + mode.charAt(0), ircd.port());
             BenchBrowsers browsers = new BenchBrowsers(node.httpPort(), 1)) {
            helper.join(irc);
            helper.onLine((line, nanos) -> {
                int at = line.indexOf(" PRIVMSG " + irc + " :");
                int rt = at < 0 ? -1 : line.indexOf("rt-", at);
                if (rt < 0) {
                    return;
                }
                int i = Integer.parseInt(line.substring(rt + 3).trim());
                atHelper.set(i, nanos);
                try {
                    helperSent.set(i, System.nanoTime());
                    helper.send("PRIVMSG " + irc + " :re-" + i);
                } catch (java.io.IOException e) {
                    answered.get(i).completeExceptionally(e);
                }
            });
            CompletableFuture<String> bridgeJoined = helper.expect(l -> l.startsWith(":bridge!")
                    && l.endsWith(" JOIN :" + irc));
            browsers.add(1, 1, channel, (b, data, nanos) -> {
                Object text = data.get("text");
                if ("message".equals(data.get("type")) && text instanceof String s && s.startsWith("re-")) {
                    answered.get(Integer.parseInt(s.substring(3))).complete(nanos);
                }
            });
            bridgeJoined.get(10, TimeUnit.SECONDS);
            if (mode.equals("personal")) {
                CompletableFuture<String> visitorJoined = helper.expect(l -> l.startsWith(":" + visitor + "!")
                        && l.endsWith(" JOIN :" + irc));
                Message login = browsers.call(0, "irc/local/login", Map.of("nick", visitor)).get(30, TimeUnit.SECONDS);
                assertThat(login.getDataAsMap()).as("login").containsEntry("ok", true);
                visitorJoined.get(10, TimeUnit.SECONDS);
            }
            long[] rtt = new long[n];
            long[] up = new long[n];
            long[] down = new long[n];
            long began = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                Map<String, Object> data = mode.equals("personal") ? Map.of("channel", irc, "text", "rt-" + i)
                        : Map.of("channel", irc, "text", "rt-" + i, "name", "bench");
                CompletableFuture<Message> reply = browsers.call(0, "irc/local/say", data);  // logged in: personal
                long got;
                try {
                    got = answered.get(i).get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
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
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", mode);
            r.put("round_trip", Bench.latency(rtt));
            r.put("browser_to_irc", Bench.latency(up));
            r.put("irc_to_browser", Bench.latency(down));
            r.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
            r.put("node", node.footprint().toMap());
            IrcBench.log("%s pace %d ms: %s", mode, paceMs, r);
            if (mode.equals("personal")) {
                browsers.call(0, "irc/local/logout", Map.of()).get(10, TimeUnit.SECONDS);
            }
            return r;
        }
    }
}
