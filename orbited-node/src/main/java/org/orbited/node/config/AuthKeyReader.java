package org.orbited.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the {@code [auth]} key when the configuration loads, so that a missing or empty key stops the node at start
 * rather than at the first handshake. Exactly one of {@code key_file} (relative to the configuration file's
 * directory, like {@code plugin.dir}; at most {@link #MAX_KEY_BYTES}) and {@code key_env} must be set. Also refuses
 * {@code [auth]} keys set without {@code algorithm}, which would otherwise silently mean "everyone anonymous".
 */
final class AuthKeyReader {
    /** The largest {@code [auth]} key file read. */
    static final int MAX_KEY_BYTES = 65536;

    /** Receives each problem: the key it concerns and the message. */
    interface Problems {
        void error(int line, String key, String message);
    }

    private AuthKeyReader() {
    }

    /** {@code a} with its key read (and {@code key_file} made absolute); {@code a} itself after a problem. */
    static AuthConfig read(AuthConfig a, Path source, Problems problems) {
        if (!a.enabled()) {
            if (!a.equals(AuthConfig.defaults())) {
                problems.error(0, "[auth] algorithm", "is not set, so every client would be anonymous although other "
                        + "[auth] keys are set; set algorithm = HS256 or RS256, or remove the [auth] keys");
            }
            return a;
        }
        if ((a.keyFile() == null) == a.keyEnv().isEmpty()) {
            problems.error(0, "[auth] key_file", "algorithm " + a.algorithm() + " needs exactly one of key_file and "
                    + "key_env");
            return a;
        }
        if (a.keyFile() == null) {
            String key = System.getenv(a.keyEnv());
            if (key == null || key.isBlank()) {
                problems.error(0, "[auth] key_env", "the environment variable '" + a.keyEnv() + "' is not set");
                return a;
            }
            return a.withKey(key);
        }
        Path file = a.keyFile();
        if (!file.isAbsolute()) {
            Path base = source == null ? null : source.toAbsolutePath().getParent();
            file = (base == null ? file.toAbsolutePath() : base.resolve(file)).normalize();
        }
        try {
            if (Files.size(file) > MAX_KEY_BYTES) {
                problems.error(0, "[auth] key_file", "the key file '" + file + "' is over " + MAX_KEY_BYTES
                        + " bytes; it is not a key");
                return a;
            }
            String key = Files.readString(file);
            if (key.isBlank()) {
                problems.error(0, "[auth] key_file", "the key file '" + file + "' is empty");
                return a;
            }
            return a.withKeyFile(file).withKey(key);
        } catch (IOException | RuntimeException e) {
            problems.error(0, "[auth] key_file", "cannot read the key file '" + file + "': "
                    + (e instanceof NoSuchFileException ? "no such file" : e.toString()));
            return a;
        }
    }
}
