package org.orbited.bench;

import java.util.BitSet;

/**
 * The per-subscriber check of a sampled subscriber: latency from publish to delivery, and duplicates and
 * reordering against the channel's sequence numbers. Runs on the subscriber's event loop.
 */
final class SampleTracker implements DeliveryScanner.SampleSink {
    /** Sequence numbers past this are not checked for duplicates (keeps the bitmap bounded). */
    private static final long MAX_TRACKED_SEQ = 50_000_000;

    private final Tally tally;
    private final BitSet seen = new BitSet();
    private long highest;

    SampleTracker(Tally tally) {
        this.tally = tally;
    }

    @Override
    public void sample(long seq, long publishedNanos) {
        tally.latencyNanos(System.nanoTime() - publishedNanos);
        if (seq < MAX_TRACKED_SEQ) {
            if (seen.get((int) seq)) {
                tally.duplicate();
                return;
            }
            seen.set((int) seq);
        }
        if (seq < highest) {
            tally.outOfOrder();
        }
        highest = Math.max(highest, seq);
    }
}
