package org.orbited.node.bayeux.netty;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer per event loop for the Bayeux WebSockets on that loop: every tick (a quarter of the ping interval) it
 * asks each socket to ping when it wrote nothing for a ping interval and to close when nothing arrived for two.
 *
 * <p><b>Why.</b> A scheduled ping task and an {@code IdleStateHandler} per socket cost about 450 bytes of heap per
 * idle client (two scheduled tasks, the idle handler and its pipeline context, a close listener) and one timer
 * entry each; a sweep costs two fields per socket. Walking 10,000 sockets is a few tens of microseconds per tick.
 *
 * <p><b>Threading.</b> Event loop only: a socket joins and leaves on its channel's loop, and the tick runs there.
 * The list is intrusive (the handlers are its nodes, see {@link BayeuxWebSocketHandler#sweepNext}); a socket that
 * leaves keeps its forward link, so a tick walking past a socket that closed during its own check goes on.
 * The timer runs while the loop has a socket and stops with the last one.
 */
final class QuietSocketSweep {
    private final EventExecutor loop;
    private final long pingNanos;
    private final long tickMillis;
    private BayeuxWebSocketHandler head;
    private int size;
    private ScheduledFuture<?> timer;

    QuietSocketSweep(EventExecutor loop, long pingMillis) {
        this.loop = loop;
        this.pingNanos = TimeUnit.MILLISECONDS.toNanos(pingMillis);
        this.tickMillis = Math.max(1, pingMillis / 4);
    }

    /** Adds {@code h}; on the loop. */
    void add(BayeuxWebSocketHandler h) {
        assert loop.inEventLoop();
        h.sweepPrev = null;
        h.sweepNext = head;
        if (head != null) {
            head.sweepPrev = h;
        }
        head = h;
        h.inSweep = true;
        if (size++ == 0) {
            timer = loop.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Removes {@code h} if it is here; on the loop. Its forward link stays (see the class comment). */
    void remove(BayeuxWebSocketHandler h) {
        assert loop.inEventLoop();
        if (!h.inSweep) {
            return;
        }
        h.inSweep = false;
        if (h.sweepPrev != null) {
            h.sweepPrev.sweepNext = h.sweepNext;
        } else {
            head = h.sweepNext;
        }
        if (h.sweepNext != null) {
            h.sweepNext.sweepPrev = h.sweepPrev;
        }
        h.sweepPrev = null;
        if (--size == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Sockets on this loop now (tests). */
    int size() {
        return size;
    }

    private void tick() {
        long now = System.nanoTime();
        for (BayeuxWebSocketHandler h = head; h != null; ) {
            BayeuxWebSocketHandler next = h.sweepNext;
            if (h.inSweep) {
                h.checkQuiet(now, pingNanos);
            }
            h = next;
        }
    }
}
