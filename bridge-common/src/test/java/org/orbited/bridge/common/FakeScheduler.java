package org.orbited.bridge.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A fake monotonic clock ({@link #now}, nanoseconds) and the {@link FloodQueue.Scheduler} on it: tasks run, in due
 * order, when {@link #advance} passes their due time. Single-threaded (tests only; in the test-jar).
 */
public final class FakeScheduler implements FloodQueue.Scheduler {
    /** Now, in nanoseconds; tests read it as the queue's clock ({@code () -> time.now}). */
    public long now = 1_000;
    private final List<long[]> due = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void schedule(Runnable task, long delayNanos) {
        due.add(new long[] {now + delayNanos, tasks.size()});
        tasks.add(task);
    }

    /** Moves the clock {@code nanos} forward, running every task that falls due on the way. */
    public void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            long[] next = due.stream().filter(d -> d[0] <= until).min(Comparator.comparingLong(d -> d[0]))
                    .orElse(null);
            if (next == null) {
                break;
            }
            due.remove(next);
            now = Math.max(now, next[0]);
            tasks.get((int) next[1]).run();
        }
        now = until;
    }
}
