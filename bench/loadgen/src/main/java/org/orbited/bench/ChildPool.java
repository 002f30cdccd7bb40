package org.orbited.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Subscribers in a child JVM ({@code Main child --spec JSON}, the same classpath): each process may hold at most
 * 20,000 files, so big runs are spread over children. The child prints one JSON line when its connections are
 * established ({@code ready}) and one per {@code report} command; it answers {@code mark} silently and exits on
 * {@code stop} or when its stdin closes, so it never outlives this process.
 */
public final class ChildPool implements SubscriberPool {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a child may take to answer a command. */
    private static final long ANSWER_TIMEOUT_S = 30;

    private final PoolSpec spec;
    private final List<String> jvmOptions;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private Process process;
    private OutputStream commands;

    public ChildPool(PoolSpec spec, List<String> jvmOptions) {
        this.spec = spec;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public void start() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "child", "--spec"));
        try {
            cmd.add(JSON.writeValueAsString(spec));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child process: " + cmd.get(0), e);
        }
        commands = process.getOutputStream();
        Thread reader = new Thread(this::readLines, "child-" + spec.from());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            // the child is gone; waits below time out and say so
        }
    }

    private JsonNode await(String type, long timeoutS) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                JsonNode n = lines.poll(left, TimeUnit.NANOSECONDS);
                if (n != null && type.equals(n.path("type").asText())) {
                    return n;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("child for subscribers " + spec.from() + ".." + (spec.from() + spec.count())
                + " sent no '" + type + "' line within " + timeoutS + " s (alive: " + process.isAlive() + ")");
    }

    private void send(String command) {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("child for subscribers from " + spec.from() + " is gone", e);
        }
    }

    @Override
    public void awaitEstablished() {
        await("ready", spec.establishTimeoutS() + ANSWER_TIMEOUT_S);
    }

    @Override
    public void mark() {
        send("mark");
    }

    @Override
    public PoolReport report() {
        send("report");
        return PoolReport.fromJson(await("report", ANSWER_TIMEOUT_S));
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            send("stop");
        } catch (IllegalStateException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
