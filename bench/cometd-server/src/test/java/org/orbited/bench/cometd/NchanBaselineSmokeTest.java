package org.orbited.bench.cometd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Nchan baseline (bench/baselines/nchan.sh) starts, fans a POSTed message out to an EventSource
 * subscriber, reports its worker PID with a readable VmRSS, and stops. nchan.sh installs nginx and the Nchan
 * module with apt-get when they are missing; when that is impossible this test fails, it never skips.
 */
class NchanBaselineSmokeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Bounds nchan.sh start, which may run apt-get update and install first. */
    private static final Duration START_LIMIT = Duration.ofMinutes(8);

    @Test
    void sseSubscriberReceivesAPublishedMessage() throws Exception {
        Path script = repoRoot().resolve("bench/baselines/nchan.sh");
        int port = freePort();
        Path dir = Path.of("target", "nchan-smoke").toAbsolutePath();
        Files.createDirectories(dir);

        Result started = run(START_LIMIT, "bash", script.toString(), "start", "--port", Integer.toString(port), "--dir", dir.toString());
        try {
            assertThat(started.exit).as("nchan.sh start failed:%n%s", started.output).isZero();
            long workerPid = workerPid(started.output);
            assertThat(Files.readString(Path.of("/proc", Long.toString(workerPid), "status")))
                    .as("the worker's RSS, which the benchmarks measure").containsPattern("VmRSS:\\s+\\d+ kB");

            try (Socket sse = new Socket()) {
                sse.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) WAIT.toMillis());
                sse.setSoTimeout((int) WAIT.toMillis());
                OutputStream out = sse.getOutputStream();
                out.write(("GET /sub/smoke HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = sse.getInputStream();
                String head = readUntil(in, "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/event-stream");

                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
                URI channel = URI.create("http://127.0.0.1:" + port + "/pub/smoke");
                // Channel info (GET on the publisher location) counts the subscriber once Nchan has registered it.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> http.send(
                        HttpRequest.newBuilder(channel).header("Accept", "application/json").timeout(WAIT).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body().matches("(?s).*\"subscribers\": *1\\b.*"));

                HttpResponse<String> published = http.send(HttpRequest.newBuilder(channel).timeout(WAIT)
                        .POST(HttpRequest.BodyPublishers.ofString("hello from junit")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(published.statusCode()).as("201: published to at least one subscriber").isEqualTo(201);

                assertThat(readUntil(in, "data: hello from junit\n")).contains("id: ");
            }
        } finally {
            Result stopped = run(Duration.ofSeconds(60), "bash", script.toString(), "stop", "--dir", dir.toString());
            assertThat(stopped.exit).as("nchan.sh stop:%n%s", stopped.output).isZero();
        }
        Result status = run(Duration.ofSeconds(30), "bash", script.toString(), "status", "--dir", dir.toString());
        assertThat(status.exit).as("status after stop:%n%s", status.output).isEqualTo(3);
        assertThat(ProcessHandle.of(masterPid(started.output))).isEmpty();
    }

    private static long workerPid(String statusOutput) {
        Matcher m = Pattern.compile("(?m)^worker (\\d+) ").matcher(statusOutput);
        assertThat(m.find()).as("a worker PID in:%n%s", statusOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long masterPid(String statusOutput) {
        Matcher m = Pattern.compile("(?m)^master (\\d+) ").matcher(statusOutput);
        assertThat(m.find()).as("a master PID in:%n%s", statusOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Reads until {@code marker} has arrived (bounded by the socket timeout per read); returns what was read. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] buf = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            if (System.nanoTime() > deadline) {
                fail("no '%s' within %s; got:%n%s", marker.strip(), WAIT, seen.toString(StandardCharsets.UTF_8));
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no '" + marker.strip() + "' within " + WAIT + "; got:\n" + seen, e);
            }
            if (n < 0) {
                fail("connection closed before '%s'; got:%n%s", marker.strip(), seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Duration limit, String... command) throws Exception {
        Path log = Files.createTempFile("nchan-sh", ".log");
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail("%s did not finish within %s:%n%s", String.join(" ", command), limit, Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The repository root: the nearest directory up from the module that holds bench/baselines/nchan.sh. */
    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bench/baselines/nchan.sh"))) {
                return d;
            }
        }
        throw new AssertionError("bench/baselines/nchan.sh not found above " + Path.of("").toAbsolutePath());
    }
}
