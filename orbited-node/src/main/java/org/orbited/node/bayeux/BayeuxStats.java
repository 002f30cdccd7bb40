package org.orbited.node.bayeux;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the Bayeux endpoint, for {@code /_/status} and {@code /_/metrics}. Thread-safe. */
public final class BayeuxStats {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder badRequests = new LongAdder();

    void messagesIn(int n) {
        messagesIn.add(n);
    }

    void messagesOut(int n) {
        messagesOut.add(n);
    }

    void handshake() {
        handshakes.increment();
    }

    void ended() {
        ended.increment();
    }

    /** An HTTP request or frame refused before any Bayeux processing (unparsable, too large, bad callback). */
    public void badRequest() {
        badRequests.increment();
    }

    /** Messages received from clients (every message of every batch). */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Messages sent to clients: replies and deliveries. */
    public long messagesOut() {
        return messagesOut.sum();
    }

    public long handshakes() {
        return handshakes.sum();
    }

    /** Sessions that ended: disconnect, expiry, slow consumer. */
    public long sessionsEnded() {
        return ended.sum();
    }

    public long badRequests() {
        return badRequests.sum();
    }
}
