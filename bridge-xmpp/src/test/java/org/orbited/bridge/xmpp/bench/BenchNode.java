package org.orbited.bridge.xmpp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orbited.bridge.xmpp.ProsodyServer;

/**
 * A real orbited node with the XMPP bridge, as its own JVM process (so its RSS, heap, threads and descriptors are
 * its own): {@code java -cp <this test class path> org.orbited.node.Main --config <generated file>}; the bridge is
 * found on the class path ({@code [plugin:xmpp] active = 1}). The configuration file is written into {@code dir},
 * the node's output goes to {@code dir/node.log}. Pinned with {@code taskset -c CPU} when the system property
 * {@code bench.serverCpu} names a CPU. {@link #close()} stops only this process (SIGTERM, 10 s, SIGKILL). Adapted
 * from bridge-irc's bench class of the same name (the bench base is not in bridge-common's test-jar yet).
 */
final class BenchNode implements AutoCloseable {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern STARTED = Pattern.compile("\"name\"\\s*:\\s*\"xmpp\",\\s*\"state\"\\s*:\\s*\"STARTED\"");
    private static final Pattern FAILED = Pattern.compile("\"name\"\\s*:\\s*\"xmpp\",\\s*\"state\"\\s*:\\s*\"FAILED\"");

    private final Process process;
    private final int httpPort;
    private final Path log;

    private BenchNode(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** The bridge's own account on the bench prosody ({@link #options} logs in with it). */
    static final String BRIDGE_USER = "bridge";
    static final String BRIDGE_PASSWORD = "bridge-bench-pw";
    static final String MUC = ProsodyServer.MUC;
    /** The Bayeux name of room {@code localpart} on {@link #MUC}, and the prefix of its services. */
    static final String PREFIX = "/xmpp/conference$2Elocalhost/";
    static final String SERVICE = "xmpp/conference$2Elocalhost/";

    /**
     * {@code [plugin:xmpp]} options for {@code server}: the bridge's account {@link #BRIDGE_USER} (registered here),
     * STARTTLS with the server's trust store when it requires TLS (else {@code tls = 0}, loopback), anonymous
     * visitors on {@value ProsodyServer#ANON_DOMAIN}, MUC {@link #MUC}, nick {@code bridge}, then {@code extra}
     * (key, value pairs; a later key wins).
     */
    static Map<String, String> options(ProsodyServer server, Map<String, String> extra) throws IOException {
        server.register(BRIDGE_USER, BRIDGE_PASSWORD);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(server.port()));
        if (server.tls()) {
            m.put("truststore", server.trustStore().toString());
            m.put("truststore.password", ProsodyServer.TRUST_STORE_PASSWORD);
        } else {
            m.put("tls", "0");
        }
        m.put("domain", ProsodyServer.DOMAIN);
        m.put("sasl.user", BRIDGE_USER);
        m.put("sasl.password", BRIDGE_PASSWORD);
        m.put("anon.domain", ProsodyServer.ANON_DOMAIN);
        m.put("muc", MUC);
        m.put("nick", "bridge");
        m.putAll(extra);
        return m;
    }

    /**
     * Starts a node whose {@code [plugin:xmpp]} has exactly {@code xmppOptions} (see {@link #options}); waits (30 s)
     * for {@code /_/status} to show {@code [plugin:xmpp]} started.
     */
    static BenchNode start(Path dir, Map<String, String> xmppOptions) throws IOException {
        Files.createDirectories(dir);
        int http = freePort();
        String cpu = System.getProperty("bench.serverCpu", "");
        StringBuilder cfg = new StringBuilder();
        cfg.append("[global]\nhttp.port = ").append(http).append("\nhttp.bind = 127.0.0.1\nop.port = ")
                .append(freePort()).append("\nop.bind = 127.0.0.1\n");
        if (!cpu.isBlank()) {
            cfg.append("io.threads = 1\n");  // pinned to one core, as bench/run-all.sh
        }
        cfg.append("\n[plugin:xmpp]\nactive = 1\n");
        xmppOptions.forEach((k, v) -> cfg.append(k).append(" = ").append(v).append('\n'));
        Path conf = dir.resolve("orbited.cfg");
        Files.writeString(conf, cfg.toString(), StandardCharsets.UTF_8);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        if (!cpu.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", cpu));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx" + System.getProperty("bench.nodeHeap", "2g"), "-XX:+UseParallelGC",
                "-cp", cp, "org.orbited.node.Main", "--config", conf.toString(), "--log-level",
                System.getProperty("bench.nodeLogLevel", "WARN")));
        Path log = dir.resolve("node.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchNode node = new BenchNode(p, http, log);
        try {
            node.awaitStatus();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitStatus() throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("node exited " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/_/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // the node answers /_/status before its plugins have started: wait for [plugin:xmpp]'s state
                if (r.statusCode() == 200 && STARTED.matcher(r.body()).find()) {
                    return;
                }
                if (r.statusCode() == 200 && FAILED.matcher(r.body()).find()) {
                    throw new IOException("[plugin:xmpp] failed to start:\n" + r.body() + "\n" + logTail());
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Bench.pause(100);
        }
        throw new IOException("node did not answer /_/status with [plugin:xmpp] started within 30 s:\n" + logTail());
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** What the node process holds now: RSS, threads, descriptors, and the heap after a full GC. */
    record Footprint(long rssKb, int threads, int fds, long heapUsedKb) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rss_kb", rssKb);
            m.put("threads", threads);
            m.put("fds", fds);
            m.put("heap_used_after_gc_kb", heapUsedKb);
            return m;
        }
    }

    Footprint footprint() throws IOException {
        long heap = -1;
        try {
            run("jcmd", String.valueOf(pid()), "GC.run");
            Matcher m = USED.matcher(run("jcmd", String.valueOf(pid()), "GC.heap_info"));
            heap = 0;
            // ParallelGC prints PSYoungGen ... used NK and ParOldGen ... used NK (then Metaspace, not heap)
            for (int i = 0; i < 2 && m.find(); i++) {
                heap += Long.parseLong(m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            heap = -1;
        }
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        String[] fds = Path.of("/proc", String.valueOf(pid()), "fd").toFile().list();
        return new Footprint(rss, threads, fds == null ? -1 : fds.length, heap);
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 60 s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
