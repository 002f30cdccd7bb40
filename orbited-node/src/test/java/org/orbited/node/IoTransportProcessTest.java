package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code io.transport} as an operator meets it, on a machine without the natives (played with Netty's
 * {@code -Dio.netty.transport.noNative=true}, which makes epoll and io_uring report themselves unavailable): an
 * explicit native choice is refused in one line with Netty's reason and exit status 2, while {@code auto} starts on
 * NIO and says so in its ready line.
 */
class IoTransportProcessTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A node process without natives on free loopback ports; output (stdout and stderr merged) collected. */
    private Process startWithoutNatives(CompletableFuture<String> output, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Dio.netty.transport.noNative=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--http-bind", "127.0.0.1", "--http-port", "0", "--op-bind", "127.0.0.1",
                "--orbit-port", "0"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        started.add(p);
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0; ) {
                    all.write(buf, 0, n);
                    String text = all.toString(StandardCharsets.UTF_8);
                    if (text.contains(" ready: ")) {
                        output.complete(text); // a running node: enough to judge; the test stops it
                    }
                }
                output.complete(all.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "io.transport = {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"io_uring", "epoll"})
    void anExplicitNativeTransportThatCannotRunIsRefusedInOneLineWithNettysReason(String transport) throws Exception {
        CompletableFuture<String> output = new CompletableFuture<>();
        Process p = startWithoutNatives(output, "--set", "io.transport=" + transport);

        assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the node exits").isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(output.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .contains("orbited: error: io.transport = " + transport + ": not available here: ")
                .contains("noNative")
                .doesNotContain(" ready: ");
    }

    @Test
    void autoStartsOnNioWithoutTheNatives() throws Exception {
        CompletableFuture<String> output = new CompletableFuture<>();
        Process p = startWithoutNatives(output);

        assertThat(output.get(WAIT_SECONDS, TimeUnit.SECONDS)).contains(" ready: ").contains(", nio I/O,");
        p.destroy(); // SIGTERM: the graceful shutdown
        assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the node stops").isTrue();
    }
}
