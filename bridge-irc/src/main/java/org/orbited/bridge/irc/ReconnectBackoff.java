package org.orbited.bridge.irc;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a {@link NetworkConnection} waits before its next attempt:
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))} plus up to 20% jitter, n being the consecutive failures; a
 * successful registration resets n, and a link lost after registration counts as the first failure.
 *
 * <p><b>Threads.</b> {@link #next} runs on the connection's io thread, {@link #registered} on its reader thread
 * (as before this was split out of the connection: a plain field, not synchronised).
 */
final class ReconnectBackoff {
    private final NetworkConnection.Timing timing;
    private int failures;

    ReconnectBackoff(NetworkConnection.Timing timing) {
        this.timing = timing;
    }

    /** Registered (001 seen): the next failure is the first. */
    void registered() {
        failures = 0;
    }

    /** Counts one more failure ({@code wasRegistered}: the first) and returns the delay before the next attempt. */
    long next(boolean wasRegistered) {
        failures = wasRegistered ? 1 : failures + 1;
        long base = timing.initialBackoff().toMillis() << Math.min(20, failures - 1);
        long delay = Math.min(timing.maxBackoff().toMillis(), base);
        delay += (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return delay;
    }
}
