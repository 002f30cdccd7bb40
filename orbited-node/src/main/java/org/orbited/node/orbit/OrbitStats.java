package org.orbited.node.orbit;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one Orbit listener, shared by all its connections. Updated from I/O threads and from
 * whichever thread replies; read from any thread. Values only grow, except the gauge {@link #pendingBytes()}.
 */
public final class OrbitStats {
    private volatile PendingBytes pendingBytes;
    private final LongAdder requestsIn = new LongAdder();
    private final LongAdder malformedIn = new LongAdder();
    private final LongAdder repliesOut = new LongAdder();
    private final LongAdder repliesDropped = new LongAdder();

    /** Well-formed requests handed to the dispatcher. */
    public long requestsIn() {
        return requestsIn.sum();
    }

    /** Malformed requests, each answered by the handler itself. */
    public long malformedIn() {
        return malformedIn.sum();
    }

    /** Replies (to well-formed and malformed requests) fully written to the socket. */
    public long repliesOut() {
        return repliesOut.sum();
    }

    /** Replies that could not be written because the connection had closed. */
    public long repliesDropped() {
        return repliesDropped.sum();
    }

    /**
     * Bytes the listener holds now for requests still arriving (recipient values and bodies), counted against
     * {@code op.max_pending_bytes}; 0 before the listener exists.
     */
    public long pendingBytes() {
        PendingBytes p = pendingBytes;
        return p == null ? 0 : p.used();
    }

    void pendingBytesFrom(PendingBytes budget) {
        pendingBytes = budget;
    }

    void countRequestIn() {
        requestsIn.increment();
    }

    void countMalformedIn() {
        malformedIn.increment();
    }

    void countReplyOut() {
        repliesOut.increment();
    }

    void countReplyDropped() {
        repliesDropped.increment();
    }

    @Override
    public String toString() {
        return "OrbitStats[requestsIn=" + requestsIn() + ", malformedIn=" + malformedIn()
                + ", repliesOut=" + repliesOut() + ", repliesDropped=" + repliesDropped()
                + ", pendingBytes=" + pendingBytes() + "]";
    }
}
