package org.orbited.bench;

import io.netty.util.ByteProcessor;

/**
 * Counts deliveries in a raw byte stream by finding the marker {@code seq} that every bench payload carries
 * exactly once ({@link Payload}); framing bytes (HTTP heads, SSE fields, WebSocket headers, Bayeux envelopes,
 * pings) never contain it, so no transport has to be parsed to be counted. Chunk boundaries are free: the match
 * state survives between calls.
 *
 * <p>A <em>sampled</em> scanner also reads the two numbers that follow the marker ({@code "seq":N,"t":T}, or
 * the JSON-escaped {@code \"seq\":N,\"t\":T} inside a WebSocket or Bayeux string) and hands them to its
 * {@link SampleSink}. One instance per connection; not thread-safe (it runs on the connection's event loop).
 */
public final class DeliveryScanner implements ByteProcessor {
    /** Receives the parsed numbers of one delivery of a sampled subscriber. */
    public interface SampleSink {
        void sample(long seq, long publishedNanos);
    }

    private static final int MATCH = 0;
    private static final int SEQ_SKIP = 1;
    private static final int SEQ_DIGITS = 2;
    private static final int T_SKIP = 3;
    private static final int T_DIGITS = 4;
    /** Non-digit bytes allowed between the marker and its number ({@code ":} or {@code \":}) and before t. */
    private static final int MAX_SKIP = 8;

    private final SampleSink sink;
    private long count;
    private int matched;
    private int state = MATCH;
    private int skipped;
    private long seq;
    private long t;

    /** A counting-only scanner when {@code sink} is null. */
    public DeliveryScanner(SampleSink sink) {
        this.sink = sink;
    }

    /** Deliveries seen so far. */
    public long count() {
        return count;
    }

    @Override
    public boolean process(byte b) {
        switch (state) {
            case MATCH -> match(b);
            case SEQ_SKIP, T_SKIP -> skip(b);
            case SEQ_DIGITS -> {
                if (isDigit(b)) {
                    seq = seq * 10 + (b - '0');
                } else {
                    state = T_SKIP;
                    skipped = 0;
                }
            }
            case T_DIGITS -> {
                if (isDigit(b)) {
                    t = t * 10 + (b - '0');
                } else {
                    sink.sample(seq, t);
                    state = MATCH;
                    match(b);
                }
            }
            default -> throw new IllegalStateException("state " + state);
        }
        return true;
    }

    private void match(byte b) {
        if (b == 's') {
            matched = 1;
        } else if (matched == 1 && b == 'e') {
            matched = 2;
        } else if (matched == 2 && b == 'q') {
            matched = 0;
            count++;
            if (sink != null) {
                state = SEQ_SKIP;
                skipped = 0;
                seq = 0;
                t = 0;
            }
        } else {
            matched = 0;
        }
    }

    private void skip(byte b) {
        if (isDigit(b)) {
            if (state == SEQ_SKIP) {
                seq = b - '0';
                state = SEQ_DIGITS;
            } else {
                t = b - '0';
                state = T_DIGITS;
            }
        } else if (++skipped > MAX_SKIP) {
            state = MATCH; // not one of our payloads after all: counted, not sampled
            match(b);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
