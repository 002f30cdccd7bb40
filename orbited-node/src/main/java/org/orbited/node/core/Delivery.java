package org.orbited.node.core;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;

/**
 * Tracks one request's key recipients until each has succeeded or failed, then tells the callback
 * exactly once. At the deadline every unresolved recipient whose copy is still queued is withdrawn and
 * failed, so a failure always means "not written"; a write already under way decides its recipient.
 *
 * <p>Lock order: a session's lock may be held while calling {@link #resolve}; this class never calls
 * into a session while holding its own lock.
 */
public final class Delivery {
    private final DeliveryCallback callback;
    private final BitSet resolved;
    private final BitSet failed;
    private final Session[] sessions;
    private final QueuedEvent[] copies;
    private int remaining;
    private Scheduler.Cancellable deadline;
    private boolean done;
    private boolean expired;

    Delivery(int keys, DeliveryCallback callback) {
        this.callback = callback;
        this.resolved = new BitSet(keys);
        this.failed = new BitSet(keys);
        this.sessions = new Session[keys];
        this.copies = new QueuedEvent[keys];
        this.remaining = keys;
    }

    synchronized void track(int index, Session session, QueuedEvent copy) {
        sessions[index] = session;
        copies[index] = copy;
    }

    void armDeadline(Scheduler scheduler, long millis) {
        synchronized (this) {
            if (done) {
                return;
            }
        }
        Scheduler.Cancellable c = scheduler.schedule(this::expire, millis, TimeUnit.MILLISECONDS);
        boolean alreadyDone;
        synchronized (this) {
            alreadyDone = done;
            deadline = c;
        }
        if (alreadyDone) {
            c.cancel();
        }
    }

    /** Resolves recipient {@code index}; later calls for the same index are ignored. */
    void resolve(int index, boolean ok) {
        Scheduler.Cancellable timer;
        synchronized (this) {
            if (done || resolved.get(index)) {
                return;
            }
            resolved.set(index);
            if (!ok) {
                failed.set(index);
            }
            copies[index] = null;
            sessions[index] = null;
            if (--remaining > 0) {
                return;
            }
            done = true;
            timer = deadline;
        }
        if (timer != null) {
            timer.cancel();
        }
        callback.completed(failed);
    }

    /**
     * True once the deadline has passed. A copy that was in flight then and comes back to its queue
     * (failed write, replaced connection) must fail rather than wait for a later write.
     */
    synchronized boolean expired() {
        return expired;
    }

    /** Called when no key was given at all (channel-only requests). */
    void completeIfEmpty() {
        boolean fire;
        synchronized (this) {
            fire = remaining == 0 && !done;
            done = done || fire;
        }
        if (fire) {
            callback.completed(failed);
        }
    }

    /**
     * Fails now every recipient whose copy is still queued, as the deadline would (a route move's step 3): a
     * write already under way decides its recipient, so {@code Success} still means "flushed". Any thread.
     */
    public void failUndelivered() {
        expire();
    }

    private void expire() {
        Session[] s;
        QueuedEvent[] c;
        synchronized (this) {
            if (done) {
                return;
            }
            expired = true;
            s = sessions.clone();
            c = copies.clone();
        }
        for (int i = 0; i < c.length; i++) {
            if (c[i] == null) {
                continue;
            }
            if (s[i].withdraw(c[i])) {
                resolve(i, false);
            } else {
                s[i].abortStuckWrite(c[i]);
            }
        }
    }
}
