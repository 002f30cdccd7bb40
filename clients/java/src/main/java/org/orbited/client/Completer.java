package org.orbited.client;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Completes finished requests' futures on the callback executor without one executor task per request.
 *
 * <p>Finished requests queue here (from the reader thread, the timer, a closing caller); a <i>drainer</i> task on
 * the executor takes them one by one and completes their futures. Handing one task per request to a pool wakes a
 * pool thread per reply, which costs more than the rest of a request's path together; a drainer instead completes
 * every reply a socket read brought.
 *
 * <p>Liveness is the same as with one task per request: whenever a drainer takes a request while more are queued,
 * it makes sure another drainer task is submitted (at most one is waiting to start at any time). So if a callback
 * blocks (even on another request's future queued behind it), the next drainer completes the rest on another
 * executor thread, exactly as a separate task would have been. With a busy single pool thread that waiting
 * drainer finds nothing to do when it starts, so a burst costs about two submissions. A rejecting executor
 * (shut down) makes the caller complete the futures itself. Thread-safe.
 */
final class Completer {
    private final Executor executor;
    private final Runnable drainer = this::drain;
    private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>(); // guarded by this
    private int waitingDrainers; // submitted and not yet started; guarded by this

    Completer(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code p}, whose outcome is set, for its future to be completed on the executor. */
    void add(PendingRequest p) {
        boolean submit;
        synchronized (this) {
            queue.add(p);
            submit = waitingDrainers == 0;
            if (submit) {
                waitingDrainers++;
            }
        }
        if (submit) {
            submit();
        }
    }

    private void submit() {
        try {
            executor.execute(drainer);
        } catch (RejectedExecutionException e) {
            drain(); // the executor is gone: complete here rather than never
        }
    }

    private void drain() {
        synchronized (this) {
            waitingDrainers--;
        }
        while (true) {
            PendingRequest p;
            boolean submit = false;
            synchronized (this) {
                p = queue.poll();
                if (p == null) {
                    return;
                }
                if (!queue.isEmpty() && waitingDrainers == 0) {
                    waitingDrainers++;
                    submit = true;
                }
            }
            if (submit) {
                submit();
            }
            p.completeFuture();
        }
    }
}
