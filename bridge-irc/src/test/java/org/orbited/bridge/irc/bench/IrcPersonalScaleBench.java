package org.orbited.bridge.irc.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchBrowsers;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.irc.NgircdServer;

/**
 * Benchmark (not part of the test run: {@code bench/irc/run.sh personal}, docs/benchmarks.md "IRC bridge"): personal
 * mode, each CometD visitor logging in ({@code /service/irc/local/login}) and getting its own IRC connection from the
 * node. Runs:
 * <ol>
 *   <li>ngircd's default {@code MaxConnectionsIP = 5}: logins one by one until one fails (at most 8), and what a
 *   plain connection from the same address is told then;</li>
 *   <li>{@code MaxConnectionsIP = 0}, the bridge's default {@code personal.max} (20): at most 25 logins;</li>
 *   <li>{@code MaxConnectionsIP = 0}, {@code personal.max = 10000}: a ramp of {@code bench.personal} (2,000) logins,
 *   {@code bench.window} (10) in flight, stopping at the first failure or after 15 minutes; node footprint every
 *   {@code bench.step} (250) visitors;</li>
 *   <li>the same with every visitor subscribed to one IRC channel first (its connection joins it), up to
 *   {@code bench.inChannel} (300): channel membership grows every connection's state.</li>
 * </ol>
 * Every login is bounded (60 s); nothing fails on timing: a failed login ends the ramp and is reported.
 */
class IrcPersonalScaleBench {
    @TempDir
    Path dir;

    @Test
    void personalConnections() throws Exception {
        int personal = Bench.param("personal", 2000, 10, 10_000);
        int window = Bench.param("window", 10, 1, 100);
        int step = Bench.param("step", 250, 10, 10_000);
        int inChannel = Bench.param("inChannel", 300, 0, 5000);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("params", Map.of("personal", personal, "window", window, "step", step, "in_channel", inChannel,
                "transport", "long-polling (CometD Java client 8.0.9)"));
        try (NgircdServer ircd = NgircdServer.startWithLimits(dir.resolve("ircd5"), "\tMaxConnectionsIP = 5\n")) {
            result.put("ngircd_max_connections_ip_5", ramp(ircd, dir.resolve("node-ip5"),
                    Map.of("personal.max", "10000"), 8, 1, 8, null));
        }
        try (NgircdServer ircd = NgircdServer.start(dir.resolve("ircd0"))) {
            result.put("personal_max_default", ramp(ircd, dir.resolve("node-max20"), Map.of(), 25, 1, 25, null));
            result.put("ramp", ramp(ircd, dir.resolve("node-ramp"), Map.of("personal.max", "10000"), personal,
                    window, step, null));
            if (inChannel > 0) {
                result.put("ramp_in_one_channel", ramp(ircd, dir.resolve("node-chan"),
                        Map.of("personal.max", "10000"), inChannel, window, Math.min(step, 100), "#ps"));
            }
        }
        IrcBench.write("personal", result);
    }

    /** What ngircd tells a plain connection from 127.0.0.1 now (its first lines, 5 s at most). */
    private static List<String> plainConnection(int port) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("NICK sixth\r\nUSER sixth 0 * :sixth\r\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (lines.size() < 3 && (line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            lines.add("(" + e.getMessage() + ")");
        }
        IrcBench.log("a plain connection is told: %s", lines);
        return lines;
    }

    /**
     * Logs in up to {@code max} visitors, {@code window} at a time, until the first failure; footprint every
     * {@code step}; with {@code irc} each visitor subscribes to that channel before logging in.
     */
    private Map<String, Object> ramp(NgircdServer ircd, Path nodeDir, Map<String, String> extra, int max, int window,
                                     int step, String irc) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("channels", "#ps", "join.grace", "30s"));
        options.putAll(extra);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("options", options);
        r.put("max", max);
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        Map<String, Object> firstFailure = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        try (BenchNode node = IrcBench.node(nodeDir, ircd.port(), options);
             BenchBrowsers browsers = new BenchBrowsers(node.httpPort(), max)) {
            Bench.pause(1000);  // the bridge's own connection registers
            BenchNode.Footprint idle = node.footprint();
            r.put("node_idle", idle.toMap());
            String channel = irc == null ? null : "/irc/local/$23" + irc.substring(1);
            long began = System.nanoTime();
            int loggedIn = 0;
            while (loggedIn < max && firstFailure == null && System.nanoTime() < deadline) {
                int n = Math.min(window, max - loggedIn);
                browsers.add(n, n, channel, (v, data, nanos) -> { });
                List<CompletableFuture<Message>> replies = new ArrayList<>();
                long[] sent = new long[n];
                var answered = new java.util.concurrent.atomic.AtomicLongArray(n);
                for (int i = 0; i < n; i++) {
                    int index = i;
                    sent[i] = System.nanoTime();
                    replies.add(browsers.call(loggedIn + i, "irc/local/login", Map.of("nick", "p" + (loggedIn + i)))
                            .whenComplete((m, e) -> answered.set(index, System.nanoTime())));
                }
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    Map<String, Object> answer;
                    try {
                        Message m = replies.get(i).get(60, TimeUnit.SECONDS);
                        answer = m.getDataAsMap();
                        if (answer == null) {
                            answer = Map.of("ok", false, "bayeux", String.valueOf(m));
                        }
                    } catch (java.util.concurrent.TimeoutException e) {
                        answer = Map.of("ok", false, "code", "bench_timeout", "message", "no answer within 60 s");
                    }
                    if (Boolean.TRUE.equals(answer.get("ok"))) {
                        ok++;
                        latencies.add(answered.get(i) - sent[i]);
                    } else if (firstFailure == null) {
                        firstFailure = new LinkedHashMap<>(answer);
                        firstFailure.put("visitor", loggedIn + i + 1);
                    }
                }
                loggedIn += ok;
                if (firstFailure != null) {
                    break;
                }
                if (loggedIn % step == 0 || loggedIn == max) {
                    Map<String, Object> s = new LinkedHashMap<>(node.footprint().toMap());
                    s.put("logged_in", loggedIn);
                    s.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
                    steps.add(s);
                    IrcBench.log("personal %s: %s", irc == null ? "" : irc, s);
                }
            }
            BenchNode.Footprint full = node.footprint();
            if (firstFailure != null && !"irc_too_many_connections".equals(firstFailure.get("code"))) {
                r.put("plain_connection_now_is_told", plainConnection(ircd.port()));  // while the node holds its own
            }
            r.put("logged_in", loggedIn);
            r.put("first_failure", firstFailure);
            r.put("stopped_by", firstFailure != null ? "first failure" : loggedIn >= max ? "bound (max)"
                    : "bound (15 minutes)");
            r.put("seconds", Bench.ms(System.nanoTime() - began) / 1000);
            r.put("login_latency", Bench.latency(latencies.stream().mapToLong(Long::longValue).toArray()));
            r.put("node_full", full.toMap());
            r.put("steps", steps);
            if (loggedIn > 0) {
                r.put("per_connection", Map.of(
                        "rss_kb", (full.rssKb() - idle.rssKb()) / loggedIn,
                        "heap_kb", (full.heapUsedKb() - idle.heapUsedKb()) / (double) loggedIn,
                        "threads", (full.threads() - idle.threads()) / (double) loggedIn,
                        "fds", (full.fds() - idle.fds()) / (double) loggedIn));
            }
            r.put("ngircd_rss_kb", rssOf(ircd.pid()));
            IrcBench.log("personal ramp done: %s", r);
        }
        return r;
    }

    private static long rssOf(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
