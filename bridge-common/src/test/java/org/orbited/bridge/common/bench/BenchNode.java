package org.orbited.bridge.common.bench;

import java.io.IOException;
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
import org.orbited.bridge.common.TestProcesses;

/**
 * A real orbited node with a bridge, as its own JVM process (so its RSS, heap, threads and descriptors are its
 * own): {@code java -cp <this test class path> org.orbited.node.Main --config <generated file>}; the bridge is found
 * on the class path ({@code [plugin:SECTION] active = 1}, e.g. {@code irc.local} or {@code xmpp}). The configuration
 * file is written into {@code dir}, the node's output goes to {@code dir/node.log}. Pinned with
 * {@code taskset -c CPU} when the system property {@code bench.serverCpu} names a CPU. {@link #close()} stops only
 * this process (SIGTERM, 10 s, SIGKILL).
 */
public final class BenchNode implements AutoCloseable {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final String section;

    private BenchNode(Process process, int httpPort, Path log, String section) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.section = section;
    }

    /**
     * Starts a node whose {@code [plugin:SECTION]} has exactly {@code options} (in the file a bare {@code #} starts
     * a comment: values are written with {@code \#}, docs/configuration.md); waits (30 s) for {@code /_/status} to
     * show {@code [plugin:SECTION]} started.
     */
    public static BenchNode start(Path dir, String section, Map<String, String> options) throws IOException {
        Files.createDirectories(dir);
        int http = TestProcesses.freePort();
        String cpu = System.getProperty("bench.serverCpu", "");
        StringBuilder cfg = new StringBuilder();
        cfg.append("[global]\nhttp.port = ").append(http).append("\nhttp.bind = 127.0.0.1\nop.port = ")
                .append(TestProcesses.freePort()).append("\nop.bind = 127.0.0.1\n");
        if (!cpu.isBlank()) {
            cfg.append("io.threads = 1\n");  // pinned to one core, as bench/run-all.sh
        }
        cfg.append("\n[plugin:").append(section).append("]\nactive = 1\n");
        options.forEach((k, v) -> cfg.append(k).append(" = ").append(v.replace("#", "\\#")).append('\n'));
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
        BenchNode node = new BenchNode(p, http, log, section);
        try {
            node.awaitStatus();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void awaitStatus() throws IOException {
        Pattern started = state("STARTED");
        Pattern failed = state("FAILED");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("node exited " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/_/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // wait for [plugin:SECTION]'s state, not only for the port
                if (r.statusCode() == 200 && started.matcher(r.body()).find()) {
                    return;
                }
                if (r.statusCode() == 200 && failed.matcher(r.body()).find()) {
                    throw new IOException("[plugin:" + section + "] failed to start:\n" + r.body() + "\n" + logTail());
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Bench.pause(100);
        }
        throw new IOException("node did not answer /_/status with [plugin:" + section + "] started within 30 s:\n"
                + logTail());
    }

    private Pattern state(String state) {
        return Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(section) + "\",\\s*\"state\"\\s*:\\s*\""
                + state + "\"");
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** What the node process holds now: RSS, threads, descriptors, and the heap after a full GC. */
    public record Footprint(long rssKb, int threads, int fds, long heapUsedKb) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rss_kb", rssKb);
            m.put("threads", threads);
            m.put("fds", fds);
            m.put("heap_used_after_gc_kb", heapUsedKb);
            return m;
        }
    }

    public Footprint footprint() throws IOException {
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

    public String logTail() {
        return TestProcesses.logTail(log, 40);
    }

    @Override
    public void close() {
        TestProcesses.stop(process, Duration.ofSeconds(10));
    }
}
