package org.orbited.bridge.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the bridges' test servers (bridge-irc's {@code NgircdServer}, bridge-xmpp's {@code ProsodyServer}) and bench
 * nodes share about the processes they start: a free loopback port, the Debian package installed when its binary is
 * missing, a bounded wait for a port to accept, a bounded stop of one process (its own {@link Process} only, never
 * by name), and the tail of a log for failure messages.
 */
public final class TestProcesses {
    private static final Object APT = new Object();

    private TestProcesses() {
    }

    /** A loopback port free right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Installs Debian package {@code pkg} with apt-get (tests run as root in CI) unless every one of {@code binaries}
     * is executable; fails unless the first then is. Each apt-get run is bounded to 10 minutes.
     */
    public static void ensureInstalled(String pkg, Path... binaries) throws IOException {
        synchronized (APT) {
            if (List.of(binaries).stream().allMatch(Files::isExecutable)) {
                return;
            }
            apt(pkg, List.of("apt-get", "update", "-qq"));
            apt(pkg, List.of("apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=600", pkg));
            if (!Files.isExecutable(binaries[0])) {
                throw new IllegalStateException("apt-get install " + pkg + " did not provide " + binaries[0]);
            }
        }
    }

    private static void apt(String pkg, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + pkg
                        + " is needed by these tests)");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    /**
     * Waits (10 s bound, polling every 20 ms) until loopback {@code port} accepts; if {@code process} dies first, or
     * the bound passes, or the wait is interrupted, stops {@code process} ({@link #stop}) and fails with
     * "{@code what} did not accept on port ..." and {@code logTail}.
     */
    public static void awaitPort(Process process, int port, String what, Supplier<String> logTail)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stop(process, Duration.ofSeconds(5));
                    throw new IOException(what + " did not accept on port " + port + ":\n" + logTail.get());
                }
                try {
                    // bounded poll interval of a port check, not a wait for time to pass in a test
                    process.waitFor(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    stop(process, Duration.ofSeconds(5));
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    /** Stops {@code process} only: SIGTERM, up to {@code grace}, then SIGKILL and up to {@code grace} more. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of {@code log} (UTF-8), or why there are none. */
    public static String logTail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
