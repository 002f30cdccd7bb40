package org.orbited.node.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A node as a real process, the way a plugin jar meets it: {@code java -Xmx128m -cp <class path>
 * org.orbited.node.Main ARGS} run in a directory, its class path this test's minus the given class directories and
 * the jars whose file names start with the given prefixes (a plugin's own classes and the libraries its jar carries:
 * they must come from the jar alone). Output (stdout and stderr merged) is collected as it comes; {@link #awaitReady}
 * waits (bounded) for the {@code orbited-node ... ready: http HOST:PORT,} line. {@link #close()} stops only this
 * process (SIGTERM, 10 s, SIGKILL). Used by the plugin-jar tests of the bridges and the sample plugin.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready: http [^ ]+:(\\d+),");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Thread reader;

    private NodeProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (line.contains("orbited-node") && m.find()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            ready.completeExceptionally(new AssertionError("node exited before ready:\n" + output));
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the node in {@code dir} with {@code args}, its class path this JVM's ({@code java.class.path}) without
     * the entries {@code withoutDirs} and without the jars whose file name starts with one of
     * {@code withoutJarPrefixes}.
     */
    public static NodeProcess start(Path dir, List<Path> withoutDirs, List<String> withoutJarPrefixes,
            String... args) throws IOException {
        List<Path> own = withoutDirs.stream().map(Path::toAbsolutePath).toList();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !own.contains(Path.of(e).toAbsolutePath()))
                .filter(e -> withoutJarPrefixes.stream()
                        .noneMatch(c -> Path.of(e).getFileName().toString().startsWith(c)))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", classPath, "org.orbited.node.Main"));
        cmd.addAll(List.of(args));
        return new NodeProcess(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start());
    }

    /** Everything the node has printed so far. */
    public String output() {
        return output.toString();
    }

    /** The HTTP port from the ready line, waiting up to {@code bound}; fails with the output otherwise. */
    public int awaitReady(Duration bound) throws InterruptedException {
        try {
            return ready.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("node not ready:\n" + output, e);
        }
    }

    /** The exit status, waiting up to {@code bound}; fails with the output if the node is still running. */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit within " + bound + "; output:\n" + output);
        }
        return process.exitValue();
    }

    /**
     * Stops the node ({@link #close}) and returns everything it printed, up to its last line (the output is read
     * to its end, at most {@code bound} after the exit).
     */
    public String stopAndCollect(Duration bound) throws InterruptedException {
        close();
        reader.join(bound.toMillis());
        return output.toString();
    }

    /** Stops this process only: SIGTERM, up to 10 s, then SIGKILL. Idempotent. */
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
