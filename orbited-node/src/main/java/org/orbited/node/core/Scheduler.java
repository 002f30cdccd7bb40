package org.orbited.node.core;

import java.util.concurrent.TimeUnit;

/**
 * Runs tasks later. The core uses it for grace periods and delivery deadlines; the node backs it
 * with a timer wheel, tests with a manual clock. Tasks run on the scheduler's own thread and must
 * not block.
 */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run yet. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A scheduled task that can still be called off. */
    interface Cancellable {
        void cancel();
    }
}
