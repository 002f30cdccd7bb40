package org.orbited.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * One JVM started from a runnable jar ({@code java -jar JAR ARGS}) in a directory, its output (stdout and stderr
 * merged) kept in memory and echoed with a prefix. {@link #kill()} is {@code kill -9}, {@link #stop()} is SIGTERM
 * ({@link Process#destroy()}) and waits for the exit. Thread-safe; one daemon reader thread per process.
 */
final class JavaProcess implements AutoCloseable {
    final String name;
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private JavaProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (Boolean.getBoolean("cluster.echo")) {
                        System.out.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static JavaProcess start(String name, Path dir, String jar, List<String> jvm, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(jar);
        cmd.addAll(List.of(args));
        return new JavaProcess(name, new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start());
    }

    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits (bounded) until the output satisfies {@code what}. */
    void awaitOutput(Predicate<String> what, String desc, Duration wait) {
        Awaitility.await(name + ": " + desc).atMost(wait).pollInterval(Duration.ofMillis(50))
                .until(() -> what.test(output.toString()) || !process.isAlive());
        if (!what.test(output.toString())) {
            throw new AssertionError(name + " exited before " + desc + ":\n" + output);
        }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit status (or -1 if it did not exit within {@code wait}). */
    int stop(Duration wait) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
