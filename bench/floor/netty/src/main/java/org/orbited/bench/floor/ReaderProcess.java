package org.orbited.bench.floor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * floor.c's reader ({@code floor read}) as a child process, so the C and the Netty writers are measured by the
 * same client: it connects N sockets, says {@code ready N} once every head arrived, and answers {@code mark} and
 * {@code expect E DRAIN_S} (see floor.c). The reader pins itself to its CPU.
 */
final class ReaderProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader from;
    private final Writer to;

    ReaderProcess(String binary, int n, int port, int cpu, int sample, int deadline, double rampRate) throws IOException {
        process = new ProcessBuilder(List.of(binary, "read", "--n", Integer.toString(n), "--port", Integer.toString(port),
                "--reader-cpu", Integer.toString(cpu), "--sample", Integer.toString(sample),
                "--head-bytes", Integer.toString(SseFrame.HEAD.length), "--deadline", Integer.toString(deadline),
                "--ramp-rate", Double.toString(rampRate)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        to = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    }

    long pid() {
        return process.pid();
    }

    void awaitReady() throws IOException {
        line("ready ");
    }

    void mark() throws IOException {
        send("mark");
        line("marked");
    }

    /** Waits until the reader counted {@code total} events since it connected (or the drain ran out): its JSON. */
    String expect(long total, double drainS) throws IOException {
        send("expect " + total + " " + drainS);
        return line("done ");
    }

    private void send(String cmd) throws IOException {
        to.write(cmd + "\n");
        to.flush();
    }

    private String line(String prefix) throws IOException {
        String l = from.readLine();
        if (l == null || !l.startsWith(prefix)) {
            throw new IOException("reader said " + l + " (wanted " + prefix.trim() + ")");
        }
        return l.substring(prefix.length());
    }

    @Override
    public void close() throws Exception {
        try {
            send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
