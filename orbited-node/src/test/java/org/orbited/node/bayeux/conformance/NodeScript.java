package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running scenario script (see {@code lib/harness.mjs} for the contract): every stdout line is a JSON
 * object, progress lines carry {@code event}, the last carries {@code ok}. Both streams are drained by
 * daemon threads and kept for assertion messages. Closing it kills the process if it is still running.
 */
final class NodeScript implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        this.outReader = drain(process.getInputStream(), line -> {
            synchronized (this) {
                stdout.add(line);
                notifyAll();
            }
        });
        this.errReader = drain(process.getErrorStream(), line -> {
            synchronized (this) {
                stderr.append(line).append('\n');
            }
        });
    }

    private Thread drain(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The process was killed; what was read is kept.
            }
            synchronized (this) {
                notifyAll(); // wakes awaitEvent when the script ends without the event
            }
        }, "node-script " + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for the progress line {@code {"event": event}} and returns it; fails (with the output) otherwise. */
    JsonNode awaitEvent(String event, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        synchronized (this) {
            while (true) {
                for (; next < stdout.size(); next++) {
                    JsonNode n = parse(stdout.get(next));
                    if (n != null && event.equals(n.path("event").asText())) {
                        return n;
                    }
                    if (n != null && n.has("ok")) {
                        deadline = 0; // the result line: the script is ending without the event
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !outReader.isAlive()) {
                    break;
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted waiting for %s", event);
                }
            }
        }
        int code = awaitExit(process.isAlive() && result() == null ? Duration.ZERO : Duration.ofSeconds(10));
        return fail("%s: no event '%s' within %s (exit %d)%n%s", name, event, timeout, code, describe());
    }

    /**
     * Waits for the process to exit (killing it after {@code timeout}) and returns its result line; fails with
     * the exit code, stdout and stderr unless it exited 0 with {@code "ok": true}.
     */
    JsonNode awaitSuccess(Duration timeout) {
        int code = awaitExit(timeout);
        JsonNode result = result();
        if (code != 0 || result == null || !result.path("ok").asBoolean(false)) {
            return fail("%s failed (exit %d)%n%s", name, code, describe());
        }
        return result;
    }

    /** Waits for the exit, killing the process after {@code timeout}; returns the exit code (-1: killed). */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop("still running after " + timeout);
                return -1;
            }
            outReader.join(5000);
            errReader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Stops the script: SIGTERM first (the script then prints its wire log), SIGKILL if it is still running
     * 3 s later. Waits for both streams to be read to the end.
     */
    private void stop(String why) {
        try {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the streams being read
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            stderr.append("[stopped by the test: ").append(why).append("]\n");
        }
    }

    /** The last stdout line with an {@code ok} field, or null. */
    synchronized JsonNode result() {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            JsonNode n = parse(stdout.get(i));
            if (n != null && n.has("ok")) {
                return n;
            }
        }
        return null;
    }

    /** Stdout and stderr so far, for assertion messages. */
    synchronized String describe() {
        return "---- " + name + " stdout ----\n" + String.join("\n", stdout) + "\n---- " + name + " stderr ----\n"
                + stderr + "---- end of " + name + " ----";
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = NodeScripts.JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
