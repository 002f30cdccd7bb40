package org.orbited.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every request started and not yet finished, in start order, which is also deadline order because all share one
 * timeout. An intrusive doubly linked list (the links live in {@link PendingRequest}): adding and removing cost a
 * short lock and no allocation, where a timer task per request cost a heap insertion, a removal on cancel and a
 * task object. One sweep task, scheduled for the oldest request's deadline, times out whatever is due and
 * schedules itself for the next oldest; it runs on the client's timer thread. {@link #awaitEmpty} serves the
 * graceful close. Thread-safe.
 */
final class Outstanding {
    private final long timeoutNanos;
    private final ScheduledExecutorService timer;
    private final Consumer<PendingRequest> onTimeout;
    private final Runnable sweep = this::sweep;
    private PendingRequest head; // oldest; guarded by this
    private PendingRequest tail; // guarded by this
    private int size; // guarded by this
    private boolean sweepScheduled; // guarded by this

    Outstanding(long timeoutNanos, ScheduledExecutorService timer, Consumer<PendingRequest> onTimeout) {
        this.timeoutNanos = timeoutNanos;
        this.timer = timer;
        this.onTimeout = onTimeout;
    }

    /**
     * Adds {@code p} with its deadline one timeout from now.
     *
     * @throws RejectedExecutionException if the timer is shut down (the client is closed); {@code p} is then not added
     */
    void add(PendingRequest p) {
        long now = System.nanoTime();
        boolean schedule;
        synchronized (this) {
            p.deadline = now + timeoutNanos;
            p.older = tail;
            p.newer = null;
            if (tail == null) {
                head = p;
            } else {
                tail.newer = p;
            }
            tail = p;
            p.linked = true;
            size++;
            schedule = !sweepScheduled;
            sweepScheduled = true;
        }
        if (schedule) {
            try {
                timer.schedule(sweep, timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    sweepScheduled = false;
                }
                remove(p);
                throw e;
            }
        }
    }

    /** Removes {@code p} if it is still here; wakes {@link #awaitEmpty} when the last one goes. */
    synchronized void remove(PendingRequest p) {
        if (!p.linked) {
            return;
        }
        p.linked = false;
        if (p.older == null) {
            head = p.newer;
        } else {
            p.older.newer = p.newer;
        }
        if (p.newer == null) {
            tail = p.older;
        } else {
            p.newer.older = p.older;
        }
        p.older = null;
        p.newer = null;
        if (--size == 0) {
            notifyAll();
        }
    }

    /** A copy of the list, oldest first. */
    synchronized List<PendingRequest> snapshot() {
        List<PendingRequest> out = new ArrayList<>(size);
        for (PendingRequest p = head; p != null; p = p.newer) {
            out.add(p);
        }
        return out;
    }

    /** Waits until every request has finished or {@code nanos} have passed; true if none is left. */
    synchronized boolean awaitEmpty(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        while (size > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void sweep() {
        List<PendingRequest> due = new ArrayList<>();
        long now = System.nanoTime();
        long next = -1;
        synchronized (this) {
            for (PendingRequest p = head; p != null && p.deadline - now <= 0; p = p.newer) {
                due.add(p);
            }
            if (due.size() < size) {
                PendingRequest first = due.isEmpty() ? head : due.get(due.size() - 1).newer;
                next = Math.max(first.deadline - now, 0);
            } else {
                sweepScheduled = false;
            }
        }
        for (PendingRequest p : due) {
            onTimeout.accept(p); // finishing it removes it
        }
        if (next >= 0) {
            try {
                timer.schedule(sweep, next, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    sweepScheduled = false; // closed: close() fails what is left
                }
            }
        }
    }
}
