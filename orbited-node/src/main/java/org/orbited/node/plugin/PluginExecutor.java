package org.orbited.node.plugin;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's serial executor: a dedicated daemon thread named {@code plugin-NAME} that runs tasks one at a time,
 * in submission order.
 *
 * <p><b>Bounded.</b> At most {@code capacity} callback tasks wait; {@link #execute} drops a task beyond that, counts
 * it ({@link #droppedTasks()}) and logs a WARN at most once per {@value #WARN_INTERVAL_SECONDS} s with the count.
 * Lifecycle tasks ({@link #submitLifecycle}) are not bounded, so {@code start} and {@code stop} always get in.
 *
 * <p><b>Errors.</b> A task that throws is logged with the plugin's name and the next task runs.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} discards waiting callback tasks and ends the thread after the running
 * task; {@link #shutdownNow()} also interrupts it. Tasks submitted afterwards are ignored. Thread-safe.
 */
final class PluginExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(PluginExecutor.class);
    static final long WARN_INTERVAL_SECONDS = 10;

    /** A queued task; {@code bounded} tasks count against the capacity. */
    private record Task(String label, Runnable body, boolean bounded) {
    }

    private static final Task END = new Task("end", () -> { }, false);

    private final String pluginName;
    private final int capacity;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong nextWarnNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong droppedAtLastWarn = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    PluginExecutor(String pluginName, int capacity, ClassLoader contextLoader) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        this.pluginName = pluginName;
        this.capacity = capacity;
        this.thread = new Thread(this::runLoop, "plugin-" + pluginName);
        thread.setDaemon(true);
        thread.setContextClassLoader(contextLoader);
        thread.start();
    }

    /** Queues {@code task}, or drops and counts it when {@code capacity} tasks are already waiting. */
    @Override
    public void execute(Runnable task) {
        execute("a task", task);
    }

    /** As {@link #execute(Runnable)}; {@code label} names the task in the log if it throws. */
    void execute(String label, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            LOG.debug("[plugin:{}] stopped; ignoring {}", pluginName, label);
            return;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped(label);
            return;
        }
        queue.add(new Task(label, task, true));
    }

    /** Runs {@code body} on the plugin thread after the tasks already waiting; never dropped, even when full. */
    CompletableFuture<Void> submitLifecycle(String label, ThrowingRunnable body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Task(label, () -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, false));
        return done;
    }

    /** Runs {@code body} here and now, catching and logging what it throws; for callers on the plugin thread. */
    void runGuarded(String label, Runnable body) {
        try {
            body.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.error("[plugin:{}] {} threw; continuing with the next callback", pluginName, label, t);
        }
    }

    /** True on this executor's thread. */
    boolean inExecutorThread() {
        return Thread.currentThread() == thread;
    }

    /** Callback tasks dropped because the queue was full. */
    long droppedTasks() {
        return dropped.get();
    }

    /** Discards waiting callback tasks; the thread ends after the task it is running. */
    void shutdown() {
        closed = true;
        queue.removeIf(Task::bounded);
        queue.add(END);
    }

    /** {@link #shutdown()} and interrupts the running task. */
    void shutdownNow() {
        shutdown();
        thread.interrupt();
    }

    /** Waits up to {@code millis} for the thread to end; true if it has. */
    boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    private void dropped(String label) {
        long total = dropped.incrementAndGet();
        long now = System.nanoTime();
        long next = nextWarnNanos.get();
        if (now - next >= 0 && nextWarnNanos.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS))) {
            long since = total - droppedAtLastWarn.getAndSet(total);
            LOG.warn("[plugin:{}] task queue full ({} waiting): dropped {} task(s) since the last warning, {} in all "
                    + "(latest: {})", pluginName, capacity, since, total, label);
        }
    }

    private void runLoop() {
        while (true) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue; // shutdownNow interrupts; END follows in the queue
            }
            if (task == END) {
                return;
            }
            if (task.bounded()) {
                waiting.decrementAndGet();
                if (closed) {
                    continue;
                }
            }
            runGuarded(task.label(), task.body());
            Thread.interrupted(); // an interrupt meant for one task must not leak into the next
        }
    }

    /** A lifecycle step that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
