package org.orbited.bridge.xmpp.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.xmpp.ProsodyServer;

/**
 * Benchmark (not part of the test run: {@code bench/xmpp/run.sh anonymous}, docs/benchmarks.md "XMPP bridge"):
 * anonymous visitors, each a CometD browser that subscribes to a room and logs in through
 * {@code /service/xmpp/conference$2Elocalhost/login}, so the node opens an XMPP session for it alone (SASL
 * ANONYMOUS on {@value ProsodyServer#ANON_DOMAIN}, over STARTTLS unless {@code -Dbench.tls=0}) and joins the room
 * under its nick; the answer comes once the room took it. Visitors are added {@code bench.window} (8) at a time until
 * the first refusal, {@code bench.minutes} (5) per ramp, or the ramp's bound:
 * <ol>
 *   <li>every visitor in ONE room, up to {@code bench.inRoom} (400): MUC presence fan-out is quadratic (each join is
 *   sent to every occupant, each session of the node parses every other's presence);</li>
 *   <li>visitors spread over {@code bench.rooms} (20) rooms, up to {@code bench.spread} (1,000).</li>
 * </ol>
 * Every {@code bench.step} (50) visitors: the node's and prosody's RSS, threads, descriptors, CPU seconds, and the
 * login latency of that step. At the end, the limits that were near (descriptors against {@code ulimit -n},
 * threads against {@code pid_max}) and what stopped the ramp. Every login is bounded (120 s); nothing fails on
 * timing: a refusal or a timeout ends the ramp and is reported.
 */
class XmppAnonymousScaleBench {
    @TempDir
    Path dir;

    @Test
    void anonymousVisitors() throws Exception {
        int inRoom = Bench.param("inRoom", 400, 0, 5000);
        int spread = Bench.param("spread", 1000, 0, 10_000);
        int rooms = Bench.param("rooms", 20, 1, 200);
        int window = Bench.param("window", 8, 1, 64);
        int step = Bench.param("step", 50, 10, 1000);
        int minutes = Bench.param("minutes", 5, 1, 30);
        boolean tls = Bench.param("tls", 1, 0, 1) == 1;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("params", Map.of("in_room", inRoom, "spread", spread, "rooms", rooms, "window", window,
                "step", step, "minutes_per_ramp", minutes, "transport", "long-polling (CometD Java client 8.0.9)",
                "tls", tls ? "STARTTLS required, verified (trust store)" : "none (tls = 0, loopback)"));
        ProsodyServer.Options server = tls ? ProsodyServer.Options.tlsRequired() : ProsodyServer.Options.PLAIN;
        try (ProsodyServer xmpp = ProsodyServer.start(dir.resolve("prosody"), server.withHistory(0))) {
            if (inRoom > 0) {
                result.put("one_room", ramp(xmpp, dir.resolve("node-room"), inRoom, 1, window, step, minutes));
            }
            if (spread > 0) {
                result.put("spread_over_" + rooms + "_rooms", ramp(xmpp, dir.resolve("node-spread"), spread, rooms,
                        window, step, minutes));
            }
            result.put("prosody_at_end", Bench.process(xmpp.pid()));
        }
        XmppBench.write("anonymous", result);
    }

    private Map<String, Object> ramp(ProsodyServer xmpp, Path nodeDir, int max, int roomCount, int window, int step,
                                     int minutes) throws Exception {
        Map<String, String> options = Map.of("rooms", "crowd-*", "join.grace", "30s", "personal.max", "10000",
                "join.max", String.valueOf(Math.max(10, roomCount)));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("options", options);
        r.put("max", max);
        r.put("rooms", roomCount);
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<Long> sinceStep = new ArrayList<>();
        Map<String, Object> firstFailure = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        try (BenchNode node = XmppBench.node(nodeDir, XmppBench.options(xmpp, options));
             BenchBrowsers browsers = new BenchBrowsers(node.httpPort(), max)) {
            Bench.pause(1000);  // the bridge's own occupant logs in
            BenchNode.Footprint idle = node.footprint();
            Map<String, Object> prosodyIdle = Bench.process(xmpp.pid());
            r.put("node_idle", idle.toMap());
            r.put("prosody_idle", prosodyIdle);
            long began = System.nanoTime();
            long stepBegan = began;
            double stepCpu = (double) prosodyIdle.get("cpu_seconds");
            int loggedIn = 0;
            while (loggedIn < max && firstFailure == null && System.nanoTime() < deadline) {
                int n = Math.min(window, max - loggedIn);
                int from = browsers.size();
                browsers.add(n, n, null, null);
                for (int i = from; i < from + n; i++) {
                    browsers.subscribe(i, i + 1, XmppBench.PREFIX + "crowd-" + (i % roomCount), (v, d, t) -> { });
                }
                List<CompletableFuture<Message>> replies = new ArrayList<>();
                long[] sent = new long[n];
                AtomicLongArray answered = new AtomicLongArray(n);
                for (int i = 0; i < n; i++) {
                    int index = i;
                    sent[i] = System.nanoTime();
                    replies.add(browsers.call(from + i, XmppBench.SERVICE + "login", Map.of("nick", "a" + (from + i)))
                            .whenComplete((m, e) -> answered.set(index, System.nanoTime())));
                }
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    Map<String, Object> answer;
                    try {
                        Message m = replies.get(i).get(120, TimeUnit.SECONDS);
                        answer = m.getDataAsMap();
                        if (answer == null) {
                            answer = Map.of("ok", false, "bayeux", String.valueOf(m));
                        }
                    } catch (TimeoutException e) {
                        answer = Map.of("ok", false, "code", "bench_timeout", "message", "no answer within 120 s");
                    }
                    if (Boolean.TRUE.equals(answer.get("ok"))) {
                        ok++;
                        all.add(answered.get(i) - sent[i]);
                        sinceStep.add(answered.get(i) - sent[i]);
                    } else if (firstFailure == null) {
                        firstFailure = new LinkedHashMap<>(answer);
                        firstFailure.put("visitor", from + i + 1);
                    }
                }
                loggedIn += ok;
                boolean last = firstFailure != null || loggedIn >= max || System.nanoTime() >= deadline;
                if (loggedIn / step != (loggedIn - ok) / step || last) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("logged_in", loggedIn);
                    s.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
                    s.put("login", Bench.latency(sinceStep.stream().mapToLong(Long::longValue).toArray()));
                    Map<String, Object> p = Bench.process(xmpp.pid());
                    double cpu = (double) p.get("cpu_seconds");
                    s.put("prosody_cpu_ms_per_login", sinceStep.isEmpty() ? null
                            : Math.round((cpu - stepCpu) * 1000 / sinceStep.size() * 10) / 10.0);
                    s.put("logins_per_second", sinceStep.isEmpty() ? null
                            : Math.round(sinceStep.size() / ((System.nanoTime() - stepBegan) / 1e9) * 10) / 10.0);
                    s.put("node", node.footprint().toMap());
                    s.put("prosody", p);
                    steps.add(s);
                    XmppBench.log("anonymous, %d room(s): %s", roomCount, s);
                    sinceStep.clear();
                    stepBegan = System.nanoTime();
                    stepCpu = cpu;
                }
            }
            BenchNode.Footprint full = node.footprint();
            Map<String, Object> prosodyFull = Bench.process(xmpp.pid());
            r.put("logged_in", loggedIn);
            r.put("first_failure", firstFailure);
            r.put("stopped_by", firstFailure != null ? "first failure" : loggedIn >= max ? "bound (max)"
                    : "bound (" + minutes + " minutes)");
            r.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
            r.put("login_latency", Bench.latency(all.stream().mapToLong(Long::longValue).toArray()));
            r.put("node_full", full.toMap());
            r.put("prosody_full", prosodyFull);
            r.put("visitors_connected", browsers.connected());
            r.put("steps", steps);
            if (loggedIn > 0) {
                r.put("node_per_session", Map.of(
                        "rss_kb", (full.rssKb() - idle.rssKb()) / loggedIn,
                        "heap_kb", (full.heapUsedKb() - idle.heapUsedKb()) / (double) loggedIn,
                        "threads", (full.threads() - idle.threads()) / (double) loggedIn,
                        "fds", (full.fds() - idle.fds()) / (double) loggedIn));
                r.put("prosody_per_session", Map.of(
                        "rss_kb", ((long) prosodyFull.get("rss_kb") - (long) prosodyIdle.get("rss_kb")) / loggedIn,
                        "fds", ((int) prosodyFull.get("fds") - (int) prosodyIdle.get("fds")) / (double) loggedIn,
                        "cpu_ms", Math.round(((double) prosodyFull.get("cpu_seconds")
                                - (double) prosodyIdle.get("cpu_seconds")) * 1000 / loggedIn * 10) / 10.0));
            }
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("node_fds", full.fds() + " of " + Bench.process(node.pid()).get("max_open_files"));
            limits.put("prosody_fds", prosodyFull.get("fds") + " of " + prosodyFull.get("max_open_files"));
            limits.put("node_threads", full.threads() + " (pid_max "
                    + Bench.machine().get("pid_max") + ", shared by every process)");
            r.put("limits", limits);
            XmppBench.log("anonymous ramp done: %s", r);
        }
        return r;
    }
}
