package org.orbited.bridge.common;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * R7: closes a connection whose socket writes stopped making progress. PircBotX (and Smack's writer) write and flush
 * synchronously with no write timeout, so a server that stops reading (or a half-open link) would block the writing
 * thread (the connection's io thread, or the reader answering a PING) until TCP gives up, minutes later.
 *
 * <p>Every write goes through {@link #run}. While at least one is pending, the watchdog measures the time since the
 * last write began or completed; when that is over the timeout it calls {@code onStuck} (which closes the socket, so
 * the blocked write fails and the reader ends) once per stuck period. The checks run on one daemon thread per thread
 * name, shared by every watchdog of that name in the class loader ({@code irc-send-watchdog},
 * {@code xmpp-send-watchdog}), every quarter of the timeout (at most once a second), since the connection's own io
 * thread is the one that may be blocked. Thread-safe.
 */
public final class SendWatchdog {
    /** One checking thread per name: a handful of names per loader, never removed (daemon threads). */
    private static final Map<String, ScheduledExecutorService> CHECKS = new ConcurrentHashMap<>();

    private final long timeoutNanos;
    private final Runnable onStuck;
    private final LongSupplier nanos;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong since = new AtomicLong();
    private volatile boolean fired;
    private final String threadName;
    private ScheduledFuture<?> check;

    /**
     * @param threadName the checking thread's name, e.g. {@code irc-send-watchdog}
     * @param timeout    how long a pending write may make no progress
     * @param onStuck    closes the connection's socket; called at most once per stuck period, on the checking thread
     */
    public SendWatchdog(String threadName, Duration timeout, Runnable onStuck) {
        this(threadName, timeout, onStuck, System::nanoTime);
    }

    /** As {@link #SendWatchdog(String, Duration, Runnable)} with an injected monotonic clock (tests). */
    public SendWatchdog(String threadName, Duration timeout, Runnable onStuck, LongSupplier nanos) {
        this.threadName = threadName;
        this.timeoutNanos = timeout.toNanos();
        this.onStuck = onStuck;
        this.nanos = nanos;
    }

    /** Starts the periodic check (idempotent). */
    public synchronized void start() {
        if (check == null) {
            long period = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
            check = checks(threadName).scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledExecutorService checks(String name) {
        return CHECKS.computeIfAbsent(name, n -> Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, n);
            t.setDaemon(true);
            return t;
        }));
    }

    /** Stops the periodic check. */
    public synchronized void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Runs one write under the watchdog, on the caller's thread. */
    public void run(Runnable write) {
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
    public boolean stuck() {
        return pending.get() > 0 && nanos.getAsLong() - since.get() > timeoutNanos;
    }

    /** One check: calls {@code onStuck} once per stuck period. */
    public void check() {
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
