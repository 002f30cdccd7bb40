package org.orbited.node.config;

import java.util.Objects;

/**
 * One warning or error found while reading a configuration.
 *
 * @param line    1-based line in the file, or 0 when the problem has no line (a command-line override,
 *                a missing file)
 * @param key     what the problem is about, as the user would search for it: {@code [global] op.port},
 *                {@code [proxy] /chat}, {@code [nosuch]}, or an override key as given
 * @param message a specific description that names the offending value
 */
public record ConfigProblem(int line, String key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    /**
     * One line for humans: {@code SOURCE:LINE: KEY: MESSAGE}, or {@code SOURCE: KEY: MESSAGE} when there
     * is no line. {@code source} may be null to leave it out.
     */
    public String format(String source) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(line > 0 ? ":" : ": ");
        }
        if (line > 0) {
            sb.append(line).append(": ");
        }
        return sb.append(key).append(": ").append(message).toString();
    }

    @Override
    public String toString() {
        return format(null);
    }
}
