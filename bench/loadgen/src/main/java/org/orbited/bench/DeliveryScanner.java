package org.orbited.bench;

import io.netty.util.ByteProcessor;

/**
 * Counts deliveries in a raw byte stream by finding the marker {@code seq} that every bench payload carries
 * exactly once ({@link Payload}); framing bytes (HTTP heads, SSE fields, WebSocket headers, Bayeux envelopes,
 * pings) never contain it, so no transport has to be parsed to be counted. Chunk boundaries are free: the match
 * state survives between calls.
 *
 * <p>A <em>sampled</em> scanner also reads each delivery's {@code seq} and {@code t} with a
 * {@link TimingFieldScanner}, in whatever order and spacing the server wrote them and whether the payload came as
 * an object or JSON-escaped in a string, and hands them to its {@link SampleSink}. One instance per connection;
 * not thread-safe (it runs on the connection's event loop).
 */
public final class DeliveryScanner implements ByteProcessor {
    /** Receives the parsed numbers of one delivery of a sampled subscriber. */
    public interface SampleSink {
        void sample(long seq, long publishedNanos);
    }

    private final TimingFieldScanner fields;
    private long count;
    private int matched;

    /** A counting-only scanner when {@code sink} is null. */
    public DeliveryScanner(SampleSink sink) {
        this.fields = sink == null ? null : new TimingFieldScanner(sink);
    }

    /** Deliveries seen so far. */
    public long count() {
        return count;
    }

    @Override
    public boolean process(byte b) {
        if (b == 's') {
            matched = 1;
        } else if (matched == 1 && b == 'e') {
            matched = 2;
        } else if (matched == 2 && b == 'q') {
            matched = 0;
            count++;
        } else {
            matched = 0;
        }
        if (fields != null) {
            fields.accept(b);
        }
        return true;
    }
}
