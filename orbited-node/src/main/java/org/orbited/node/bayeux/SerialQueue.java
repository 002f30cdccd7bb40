package org.orbited.node.bayeux;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in the order they were submitted, on a shared executor: the frames of one
 * WebSocket handled on the policy executor keep their order (two publishes sent back to back are accepted in
 * the order sent). Backpressure: {@code pause} is told {@code true} when {@link #PAUSE_AT} tasks wait (the socket
 * stops reading) and {@code false} once the queue is down to {@link #RESUME_AT}; at most {@code limit} tasks wait
 * (frames already read when reading stopped), and a full queue or a refusing executor refuses the task.
 * Thread-safe; a task that throws is logged and the next one runs.
 */
final class SerialQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);

    static final int PAUSE_AT = 32;
    static final int RESUME_AT = 8;

    private final Executor executor;
    private final int limit;
    private final java.util.function.Consumer<Boolean> pause;
    private boolean paused;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialQueue(Executor executor, int limit, java.util.function.Consumer<Boolean> pause) {
        this.executor = executor;
        this.limit = limit;
        this.pause = pause;
    }

    /** Queues {@code task}; false when {@code limit} tasks are waiting already or the executor refused. */
    boolean submit(Runnable task) {
        synchronized (this) {
            if (tasks.size() >= limit) {
                return false;
            }
            tasks.add(task);
            if (!paused && tasks.size() >= PAUSE_AT) {
                paused = true;
                pause.accept(true); // non-blocking (the socket's event loop does it)
            }
            if (running) {
                return true;
            }
            running = true;
        }
        try {
            executor.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running = false;
                tasks.clear();
            }
            return false;
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (paused && tasks.size() <= RESUME_AT) {
                    paused = false;
                    pause.accept(false);
                }
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("a queued Bayeux request failed", e);
            }
        }
    }
}
