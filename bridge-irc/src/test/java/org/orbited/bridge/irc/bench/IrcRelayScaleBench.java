package org.orbited.bridge.irc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.irc.NgircdServer;

/**
 * Benchmark (not part of the test run: {@code bench/irc/run.sh relay}, docs/benchmarks.md "IRC bridge"): relay mode
 * with {@code bench.visitors} (1,000) CometD long-polling visitors in one IRC channel through the bridge's ONE IRC
 * connection. Per configuration (the bridge's default flood settings, then relaxed):
 * <ol>
 *   <li>node footprint with the bridge connected and no visitor, then with every visitor subscribed;</li>
 *   <li>the IRC connections: {@code LUSERS} and the channel's {@code NAMES} from the helper (bridge and helper
 *   only);</li>
 *   <li>fan-out: the helper says {@code bench.messages} lines, one every 250 ms; every visitor's delivery time;</li>
 *   <li>burst: every visitor says one line at once (say service); when the helper has every line the bridge accepted,
 *   and which were refused (error events, by code).</li>
 * </ol>
 * Fails only if the bridge opens more than one IRC connection or a fan-out line never reaches a visitor within
 * 60 s; never on timing.
 */
class IrcRelayScaleBench {
    static final String IRC = "#relay";
    static final String CHANNEL = "/irc/local/$23relay";

    @TempDir
    Path dir;

    @Test
    void thousandVisitorsOnOneConnection() throws Exception {
        int visitors = Bench.param("visitors", 1000, 1, 5000);
        int messages = Bench.param("messages", 20, 1, 200);
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, String> defaults = Map.of("channels", IRC, "join.grace", "30s");
        String queue = String.valueOf(Math.max(1000, visitors));
        Map<String, String> relaxed = Map.ofEntries(Map.entry("channels", IRC), Map.entry("join.grace", "30s"),
                Map.entry("flood.rate", "1000"), Map.entry("flood.burst", "1000"), Map.entry("flood.queue", queue),
                Map.entry("flood.channel.rate", "1000"), Map.entry("flood.channel.burst", "1000"),
                Map.entry("flood.channel.queue", queue), Map.entry("flood.visitor.rate", "1000"),
                Map.entry("flood.visitor.burst", "1000"), Map.entry("flood.visitor.queue", "1000"));
        result.put("params", Map.of("visitors", visitors, "messages", messages, "fanout_interval_ms", 250,
                "transport", "long-polling (CometD Java client 8.0.9)", "ngircd", "harness config (MaxPenaltyTime = 0)",
                "default_flood", "flood.channel.* 2/s, burst 5, queue 100; flood.visitor.* 1/s, burst 3, queue 10", "relaxed_flood", relaxed));
        try (NgircdServer ircd = NgircdServer.start(dir.resolve("ircd"))) {
            result.put("default_flood", run(ircd, dir.resolve("node-default"), defaults, visitors, messages));
            result.put("relaxed_flood", run(ircd, dir.resolve("node-relaxed"), relaxed, visitors, messages));
        }
        IrcBench.write("relay", result);
    }

    private Map<String, Object> run(NgircdServer ircd, Path nodeDir, Map<String, String> options, int visitors,
                                    int messages) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("options", options);
        AtomicLongArray fanAt = new AtomicLongArray(messages * visitors);
        long[] fanSent = new long[messages];
        AtomicInteger fanDelivered = new AtomicInteger();
        AtomicLong burstDeliveries = new AtomicLong();
        AtomicLong burstLastAt = new AtomicLong();
        Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
        try (BenchNode node = IrcBench.node(nodeDir, ircd.port(), options);
             IrcHelper helper = IrcHelper.connect("helper", ircd.port())) {
            Bench.pause(1000);  // let the bridge register before the idle footprint
            r.put("node_idle", node.footprint().toMap());
            helper.join(IRC);
            CompletableFuture<String> bridgeJoined = helper.expect(l -> l.startsWith(":bridge!")
                    && l.endsWith(" JOIN :" + IRC));
            long t0 = System.nanoTime();
            try (BenchBrowsers browsers = new BenchBrowsers(node.httpPort(), visitors)) {
                browsers.add(visitors, 50, CHANNEL, (v, data, nanos) -> {
                    Object text = data.get("text");
                    if ("message".equals(data.get("type")) && text instanceof String s && s.startsWith("fan-")) {
                        int k = Integer.parseInt(s.substring(4));
                        if (fanAt.compareAndSet(k * visitors + v, 0, nanos)) {
                            fanDelivered.incrementAndGet();
                        }
                    } else if ("error".equals(data.get("type"))) {
                        refused.computeIfAbsent(String.valueOf(data.get("code")), c -> new AtomicInteger())
                                .incrementAndGet();
                    } else if (text instanceof String s && s.startsWith("burst-")) {
                        burstDeliveries.incrementAndGet();
                        burstLastAt.accumulateAndGet(nanos, Math::max);
                    }
                });
                r.put("connect_seconds", Bench.ms(System.nanoTime() - t0) / 1000);
                bridgeJoined.get(30, TimeUnit.SECONDS);
                Bench.pause(2000);  // the connects settle into their long polls
                r.put("node_connected", node.footprint().toMap());
                r.put("visitors_connected", browsers.connected());
                r.put("irc_connections", ircConnections(helper));

                // fan-out: IRC -> every browser
                for (int k = 0; k < messages; k++) {
                    fanSent[k] = System.nanoTime();
                    helper.send("PRIVMSG " + IRC + " :fan-" + k);
                    Bench.pause(250);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (fanDelivered.get() < messages * visitors && System.nanoTime() < deadline) {
                    Bench.pause(50);
                }
                long[] lat = new long[fanDelivered.get()];
                long[] lastPerMessage = new long[messages];
                int j = 0;
                for (int k = 0; k < messages; k++) {
                    for (int v = 0; v < visitors; v++) {
                        long at = fanAt.get(k * visitors + v);
                        if (at != 0 && j < lat.length) {
                            lat[j++] = at - fanSent[k];
                            lastPerMessage[k] = Math.max(lastPerMessage[k], at - fanSent[k]);
                        }
                    }
                }
                r.put("fanout_delivery", Bench.latency(lat));
                r.put("fanout_all_visitors_have_it", Bench.latency(lastPerMessage));
                r.put("fanout_missing", messages * visitors - fanDelivered.get());
                IrcBench.log("fan-out %s: %s", options.get("flood.rate"), r);

                r.put("burst", burst(browsers, helper, visitors, options, refused, burstDeliveries, burstLastAt));
                r.put("node_after_burst", node.footprint().toMap());
                r.put("visitors_connected_after_burst", browsers.connected());
            }
            assertThat(fanDelivered.get()).as("fan-out deliveries").isEqualTo(messages * visitors);
        }
        IrcBench.log("relay %s: %s", options.get("flood.rate"), r);
        return r;
    }

    /** LUSERS (251: users on the server) and NAMES of the channel, from the helper's side. */
    private static Map<String, Object> ircConnections(IrcHelper helper) throws Exception {
        String luser = helper.await("LUSERS", l -> l.contains(" 251 helper "), 10);
        String names = helper.await("NAMES " + IRC, l -> l.contains(" 353 helper "), 10);
        String users = luser.replaceAll(".*There are (\\d+) users.*", "$1");
        String members = names.substring(names.indexOf(" :", names.indexOf(" 353 ")) + 2);
        IrcBench.log("LUSERS: %s / NAMES: %s", luser, names);
        assertThat(Integer.parseInt(users)).as("users on the server: the bridge and the helper").isEqualTo(2);
        return Map.of("lusers_251", luser, "users_on_server", Integer.parseInt(users), "channel_members", members);
    }

    /** Every visitor says one line at once (say service); waits for what the bridge accepted to reach the helper. */
    private static Map<String, Object> burst(BenchBrowsers browsers, IrcHelper helper, int visitors,
                                             Map<String, String> options, Map<String, AtomicInteger> refused,
                                             AtomicLong burstDeliveries, AtomicLong burstLastAt)
            throws Exception {
        AtomicInteger atHelper = new AtomicInteger();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        helper.onLine((line, nanos) -> {
            if (line.contains(" PRIVMSG " + IRC + " :") && line.contains("> burst-")) {
                firstAt.compareAndSet(0, nanos);
                lastAt.set(nanos);
                atHelper.incrementAndGet();
            }
        });
        long t0 = System.nanoTime();
        List<CompletableFuture<Message>> replies = new java.util.ArrayList<>();
        for (int v = 0; v < visitors; v++) {  // the say service: browsers do not publish on /irc channels
            replies.add(browsers.call(v, "irc/local/say", Map.of("channel", IRC, "text", "burst-" + v, "name", "v" + v)));
        }
        int ok = 0;
        for (CompletableFuture<Message> f : replies) {
            Map<String, Object> answer = f.get(60, TimeUnit.SECONDS).getDataAsMap();
            if (answer != null && Boolean.TRUE.equals(answer.get("ok"))) {
                ok++;
            } else {  // refused at the call, with its code
                refused.computeIfAbsent(answer == null ? "no_answer" : String.valueOf(answer.get("code")),
                        c -> new AtomicInteger()).incrementAndGet();
            }
        }
        long published = System.nanoTime() - t0;
        // Accepted lines drain at flood.channel.rate after its burst: wait for them, bounded (10 min at most).
        double rate = Double.parseDouble(options.getOrDefault("flood.channel.rate", "2"));
        long bound = Math.min(600, 60 + (long) (Math.min(visitors, Integer.parseInt(options.getOrDefault(
                "flood.channel.queue", "100"))) / rate));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(bound);
        int stable = 0;
        int lastSeen = -1;
        while (System.nanoTime() < deadline && stable < 100) {  // done when all arrived or 5 s without a line
            int refusedNow = refused.values().stream().mapToInt(AtomicInteger::get).sum();
            if (atHelper.get() + refusedNow >= visitors) {
                break;
            }
            stable = atHelper.get() == lastSeen ? stable + 1 : 0;
            lastSeen = atHelper.get();
            Bench.pause(50);
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("says", visitors);
        b.put("say_answers_ok", ok);
        b.put("say_seconds", Bench.ms(published) / 1000);
        b.put("lines_at_irc_helper", atHelper.get());
        Map<String, Integer> codes = new LinkedHashMap<>();
        refused.forEach((k, v) -> codes.put(k, v.get()));
        b.put("refused_by_code", codes);  // say answers and error events
        b.put("first_line_at_helper_ms", firstAt.get() == 0 ? null : Bench.ms(firstAt.get() - t0));
        b.put("last_line_at_helper_ms", lastAt.get() == 0 ? null : Bench.ms(lastAt.get() - t0));
        if (atHelper.get() > 1) {
            b.put("lines_per_second_at_helper", Math.round((atHelper.get() - 1) / ((lastAt.get() - firstAt.get())
                    / 1e9) * 10) / 10.0);
        }
        // Bayeux delivers every accepted publication to every subscriber (visitors x visitors): wait for it, bounded.
        long expected = (long) ok * visitors;
        long bayeuxDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (burstDeliveries.get() < expected && System.nanoTime() < bayeuxDeadline) {
            Bench.pause(50);
        }
        b.put("bayeux_deliveries_of_the_burst_to_visitors", burstDeliveries.get());
        b.put("bayeux_deliveries_expected", expected);
        b.put("bayeux_last_delivery_ms", Bench.ms(burstLastAt.get() - t0));
        IrcBench.log("burst: %s", b);
        return b;
    }
}
