package org.orbited.bridge.common;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a bridge's connection waits before its next attempt ({@code reconnect.min}, {@code reconnect.max}):
 * {@code min(max, min * 2^(n-1))} plus up to 20% jitter, n being the consecutive failures; a successful
 * registration (IRC 001, XMPP authenticated and joined) resets n, and a link lost after registration counts as the
 * first failure.
 *
 * <p><b>Threads.</b> Not synchronised: a plain field. IRC calls {@link #next} on the connection's io thread and
 * {@link #registered} on its reader thread, as before this was split out of the connection; a caller that needs
 * stronger guarantees confines it to one thread.
 */
public final class ReconnectBackoff {
    private final Duration initial;
    private final Duration max;
    private int failures;

    /**
     * @param initial the delay after the first failure ({@code reconnect.min})
     * @param max     the cap before jitter ({@code reconnect.max})
     */
    public ReconnectBackoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
    }

    /** Registered: the next failure is the first. */
    public void registered() {
        failures = 0;
    }

    /**
     * Counts one more failure ({@code wasRegistered}: the first) and returns the delay in milliseconds before the
     * next attempt.
     */
    public long next(boolean wasRegistered) {
        failures = wasRegistered ? 1 : failures + 1;
        long base = initial.toMillis() << Math.min(20, failures - 1);
        long delay = Math.min(max.toMillis(), base);
        delay += (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return delay;
    }
}
