package org.orbited.bridge.irc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * R7: closes a connection whose socket writes stopped making progress. PircBotX writes and flushes synchronously with
 * no write timeout, so a server that stops reading (or a half-open link) would block the writing thread (the
 * connection's io thread, or the reader answering a PING) until TCP gives up, minutes later.
 *
 * <p>Every write goes through {@link #run}. While at least one is pending, the watchdog measures the time since the
 * last write began or completed; when that is over the timeout it calls {@code onStuck} (which closes the socket, so
 * the blocked write fails and the reader ends) once per stuck period. The checks run on one daemon thread shared by
 * every connection of the JVM ({@code irc-send-watchdog}), every quarter of the timeout (at most once a second),
 * since the connection's own io thread is the one that may be blocked. Thread-safe.
 */
final class SendWatchdog {
    private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "irc-send-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long timeoutNanos;
    private final Runnable onStuck;
    private final LongSupplier nanos;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong since = new AtomicLong();
    private volatile boolean fired;
    private ScheduledFuture<?> check;

    SendWatchdog(Duration timeout, Runnable onStuck) {
        this(timeout, onStuck, System::nanoTime);
    }

    SendWatchdog(Duration timeout, Runnable onStuck, LongSupplier nanos) {
        this.timeoutNanos = timeout.toNanos();
        this.onStuck = onStuck;
        this.nanos = nanos;
    }

    /** Starts the periodic check (idempotent). */
    synchronized void start() {
        if (check == null) {
            long period = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
            check = CHECKS.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the periodic check. */
    synchronized void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Runs one write under the watchdog, on the caller's thread. */
    void run(Runnable write) {
        if (pending.getAndIncrement() == 0) {
            since.set(nanos.getAsLong());
            fired = false;
        }
        try {
            write.run();
        } finally {
            if (pending.decrementAndGet() > 0) {
                since.set(nanos.getAsLong());  // progress: the next waiting write gets a full timeout
            }
        }
    }

    /** True when a write has been pending longer than the timeout; public for the check and tests. */
    boolean stuck() {
        return pending.get() > 0 && nanos.getAsLong() - since.get() > timeoutNanos;
    }

    /** One check: calls {@code onStuck} once per stuck period. */
    void check() {
        if (!fired && stuck()) {
            fired = true;
            try {
                onStuck.run();
            } catch (RuntimeException ignored) {
                // closing failed: the next write or TCP itself ends the link
            }
        }
    }
}
