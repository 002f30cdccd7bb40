package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CometD JavaScript client scenarios of {@code src/test/cometd-js} in Node, one process per client
 * (each process is one cookie jar, bayeux.md section 12).
 *
 * <p>The npm dependencies are installed from the committed {@code package-lock.json} with {@code npm ci}
 * the first time a test asks for a script in this JVM, and only when {@code node_modules} is missing or was
 * installed from another lock file: the SHA-256 of the lock file is kept in {@code node_modules/.orbited-lock}.
 * Node and npm must be on the {@code PATH}; a missing one fails the test (it is not skipped).
 */
final class NodeScripts {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final String MARKER = ".orbited-lock";
    private static boolean installed;

    private NodeScripts() {
    }

    /** The npm package of the scenarios (Surefire runs in the module directory; an IDE may run in the root). */
    static Path dir() {
        for (String base : new String[] {System.getProperty("basedir", ""), System.getProperty("user.dir"),
                System.getProperty("user.dir") + "/orbited-node"}) {
            Path p = Path.of(base).toAbsolutePath().resolve("src/test/cometd-js");
            if (Files.isRegularFile(p.resolve("package-lock.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("src/test/cometd-js not found from " + System.getProperty("user.dir"));
    }

    /**
     * Starts {@code node <script> <url> <transports> <params JSON>} and returns it running; the caller closes it.
     * {@code transports} is one transport or several in preference order, comma-separated.
     */
    static NodeScript start(String script, String url, String transports, Map<String, ?> params) {
        ensureInstalled();
        Path dir = dir();
        List<String> cmd = new ArrayList<>(List.of(executable("node"), script, url, transports));
        try {
            cmd.add(JSON.writeValueAsString(params));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
            return new NodeScript(script + " " + transports, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
    }

    /** Runs {@code npm ci} once per JVM when node_modules does not match package-lock.json. */
    static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        Path dir = dir();
        try {
            String want = sha256(dir.resolve("package-lock.json"));
            Path marker = dir.resolve("node_modules").resolve(MARKER);
            String have = Files.isRegularFile(marker) ? Files.readString(marker).trim() : "";
            if (!want.equals(have)) {
                npmCi(dir);
                Files.writeString(marker, want + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check or install " + dir.resolve("node_modules"), e);
        }
        installed = true;
    }

    private static void npmCi(Path dir) throws IOException {
        Path log = Files.createTempFile("npm-ci", ".log");
        Process p = new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(NPM_CI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail("npm ci in %s did not finish within %s:%n%s", dir, NPM_CI_TIMEOUT, Files.readString(log));
            }
            if (p.exitValue() != 0) {
                fail("npm ci in %s exited %d:%n%s", dir, p.exitValue(), Files.readString(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The absolute path of {@code name} on the PATH; fails the test when there is none. */
    static String executable(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        return fail("'%s' is not on the PATH (%s); the CometD JavaScript conformance tests need Node 20 and npm",
                name, System.getenv("PATH"));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
