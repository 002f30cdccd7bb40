package org.orbited.bridge.xmpp;

import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where visitor sessions' blocking Smack calls run (connect, login, join, leave, send, disconnect): a small pool of
 * daemon threads shared by every session of one bridge, and one {@link Serial} queue per session, so a session's
 * calls run one at a time and in order while different sessions run in parallel. Never the plugin thread and never a
 * Smack callback thread. Plus one timer thread for grace times and reconnect delays, whose tasks only hand over.
 *
 * <p><b>Bounds.</b> {@code threads} threads; each serial queue holds at most {@code perSession} tasks (a full queue
 * refuses: the caller answers {@code xmpp_flood_queue_full}); the pool queue holds at most one runner per session.
 */
final class VisitorWork {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorWork.class);

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final int perSession;

    /**
     * @param name       thread name prefix, e.g. {@code xmpp-visitor-conference.localhost}
     * @param threads    pool size
     * @param perSession bound of each session's queue
     */
    VisitorWork(String name, int threads, int perSession) {
        this.perSession = perSession;
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons(name + "-"));
        this.pool.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons(name + "-timer-"));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A new serial queue on this pool. */
    Serial serial() {
        return new Serial();
    }

    /** Runs {@code task} on the timer thread after {@code millis} (the task must only hand over). */
    ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    /** Runs {@code task} on the timer thread every {@code millis} (the task must only hand over or be trivial). */
    void every(Runnable task, long millis) {
        try {
            timer.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopping
        }
    }

    /**
     * Stops taking new work: tasks already queued (the sessions' disconnects) still run on the pool's daemon
     * threads; the timer stops at once. Never waits.
     */
    void stop() {
        timer.shutdownNow();
        pool.shutdown();
    }

    /** After {@link #stop}: waits at most {@code millis} for the queued calls (disconnects included) to finish. */
    boolean awaitTermination(long millis) throws InterruptedException {
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * One session's queue: tasks run one at a time, in order, on the shared pool. A runner drains the queue and
     * ends; the next offer starts another. Thread-safe.
     */
    final class Serial {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean running;

        private Serial() {
        }

        /** Queues {@code task}; false (nothing queued) when this queue is full or the pool stopped. */
        boolean offer(Runnable task) {
            return add(task, false);
        }

        /** Queues {@code task} even over the bound (the one disconnect of a session); false when stopped. */
        boolean force(Runnable task) {
            return add(task, true);
        }

        private boolean add(Runnable task, boolean force) {
            synchronized (this) {
                if (!force && tasks.size() >= perSession) {
                    return false;
                }
                tasks.addLast(task);
                if (running) {
                    return true;
                }
                running = true;
            }
            try {
                pool.execute(this::drain);
                return true;
            } catch (RejectedExecutionException stopped) {
                synchronized (this) {
                    tasks.clear();
                    running = false;
                }
                return false;
            }
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.pollFirst();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException | Error e) {  // a bug in a task must not stop the session's queue
                    LOG.warn("visitor session task failed", e);
                }
            }
        }
    }
}
