package org.orbited.node.core;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on a manual clock. Nothing runs until {@link #advance} moves time forward; then
 * every task that has come due runs on the calling thread, earliest first (ties in scheduling order),
 * including tasks scheduled by tasks that fall inside the same advance.
 */
final class FakeScheduler implements Scheduler {
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order));
    private long now;
    private long order;

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(task, now + unit.toMillis(delay), order++);
        tasks.add(t);
        return t;
    }

    /** Moves the clock forward by {@code d}, running every task due by then in time order. */
    void advance(Duration d) {
        long target = now + d.toMillis();
        Task t;
        while ((t = tasks.peek()) != null && t.due <= target) {
            tasks.poll();
            now = t.due;
            t.task.run();
        }
        now = target;
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    long nowMillis() {
        return now;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pendingTasks() {
        return tasks.size();
    }

    private final class Task implements Cancellable {
        final Runnable task;
        final long due;
        final long order;

        Task(Runnable task, long due, long order) {
            this.task = task;
            this.due = due;
            this.order = order;
        }

        @Override
        public void cancel() {
            tasks.remove(this);
        }
    }
}
