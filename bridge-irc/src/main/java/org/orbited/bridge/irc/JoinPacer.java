package org.orbited.bridge.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Paces a connection's JOINs: channels asked for are collected and sent as {@code JOIN #a,#b,...} lines that each
 * fit {@link #MAX_LINE_BYTES} bytes, at most {@link #LINES_PER_SECOND} line per second (the first at once), so a
 * burst of subscriptions or a rejoin of every channel after a reconnect never floods the server (docs/irc.md
 * "Joining and parting").
 *
 * <p><b>Threads.</b> Confined to the connection's io thread: every method must be called there, and the flush runs
 * there ({@code io} schedules it). The sink sends one line and must not block for long (PircBotX's raw send with a
 * message delay of 0). A channel asked for twice before the flush is joined once; {@link #cancel} forgets one (a
 * PART before its JOIN went out); {@link #clear} forgets all (the link dropped: the owner asks again on
 * registration). Pending names are bounded by the owner's channel cap ({@code join.max}).
 */
final class JoinPacer {
    /** {@code JOIN } plus the list, without CRLF: well under the 510 bytes a line may have. */
    static final int MAX_LINE_BYTES = 400;
    /**
     * JOIN lines per second. Fixed rather than {@code flood.rate}: one line carries up to about 8 channels of 50
     * bytes (more of usual lengths), so even a full rejoin takes a few lines, and a slow message rate must not
     * delay a rejoin.
     */
    static final double LINES_PER_SECOND = 1;

    private final ScheduledExecutorService io;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> sink;
    private final Set<String> pending = new LinkedHashSet<>();
    private long nextAllowed;
    private boolean scheduled;

    /**
     * @param linesPerSecond JOIN lines per second, above 0
     * @param sink           receives each {@code JOIN ...} line
     */
    JoinPacer(ScheduledExecutorService io, double linesPerSecond, LongSupplier nanoClock, Consumer<String> sink) {
        if (!(linesPerSecond > 0)) {
            throw new IllegalArgumentException("JOIN rate must be above 0: " + linesPerSecond);
        }
        this.io = io;
        this.intervalNanos = (long) (1e9 / linesPerSecond);
        this.nanoClock = nanoClock;
        this.sink = sink;
        this.nextAllowed = nanoClock.getAsLong();
    }

    /** Joins {@code channel} with the next line. */
    void request(String channel) {
        pending.add(channel);
        schedule();
    }

    /** Joins every channel of {@code channels} (a rejoin), in as few lines as fit. */
    void requestAll(Collection<String> channels) {
        pending.addAll(channels);
        if (!pending.isEmpty()) {
            schedule();
        }
    }

    /** Forgets {@code channel} if its JOIN has not gone out yet. */
    void cancel(String channel) {
        pending.remove(channel);
    }

    /** Forgets every pending channel. */
    void clear() {
        pending.clear();
    }

    private void schedule() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        long delay = Math.max(0, nextAllowed - nanoClock.getAsLong());
        try {
            io.schedule(this::flush, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            scheduled = false;  // the connection stopped
        }
    }

    private void flush() {
        scheduled = false;
        if (pending.isEmpty()) {
            return;
        }
        List<String> batch = firstBatch(pending, MAX_LINE_BYTES);
        batch.forEach(pending::remove);
        nextAllowed = nanoClock.getAsLong() + intervalNanos;
        sink.accept("JOIN " + String.join(",", batch));
        if (!pending.isEmpty()) {
            schedule();
        }
    }

    /** The longest prefix of {@code channels} whose {@code JOIN a,b,...} line fits {@code maxBytes} (at least one). */
    static List<String> firstBatch(Collection<String> channels, int maxBytes) {
        List<String> batch = new ArrayList<>();
        int bytes = "JOIN ".length() - 1;
        Iterator<String> it = channels.iterator();
        while (it.hasNext()) {
            String c = it.next();
            int size = 1 + c.getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            batch.add(c);
            bytes += size;
        }
        return batch;
    }
}
