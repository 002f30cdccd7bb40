package org.orbited.node.core;

/**
 * Which connection attempt of which client a browser request belongs to ({@code instance} and {@code attempt} on the
 * resumable transports; docs/transports.md, "Stale attempts"). A client picks a random {@code instance} once per
 * connection object and numbers its attempts 1, 2, ...: every request of one attempt (each poll of a
 * {@code long_poll}) carries the same number, and the next attempt starts only after the client gave up the
 * previous one. So a request of the same instance with a lower number than one the session has already seen is
 * stale: sent before the client gave it up and delayed on its way (an aborted poll on a keep-alive connection,
 * a stream closed while it was connecting). {@link Session#attach(Connection, String, ClientAttempt)} refuses
 * it instead of letting it replace the live connection.
 *
 * @param instance 1 to {@link #MAX_INSTANCE} characters of {@code [0-9A-Za-z_-]}
 * @param number   0 or more
 */
public record ClientAttempt(String instance, long number) {
    /** Longest {@code instance} a request may carry. */
    public static final int MAX_INSTANCE = 64;

    public ClientAttempt {
        if (!validInstance(instance)) {
            throw new IllegalArgumentException("bad instance");
        }
        if (number < 0) {
            throw new IllegalArgumentException("negative attempt");
        }
    }

    /** True for 1 to {@link #MAX_INSTANCE} characters of {@code [0-9A-Za-z_-]}. */
    public static boolean validInstance(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_INSTANCE) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
