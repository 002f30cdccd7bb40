package org.orbited.bench;

/**
 * Reads the two timing fields of a bench payload, {@code "seq":N} and {@code "t":T}, from a raw byte stream in
 * whatever order and spacing the server wrote them, and hands each pair to a {@link DeliveryScanner.SampleSink}.
 * Plain Java, one byte at a time, so framing (HTTP chunks, SSE lines, WebSocket headers, Bayeux envelopes) and
 * chunk boundaries need no handling; one instance per sampled connection, not thread-safe.
 *
 * <p>Why not a JSON parser: servers re-encode the payload. The node and Nchan pass it through as published
 * ({@code {"seq":1,"t":5,"p":"…"}}); the node's WebSocket puts it in a JSON string ({@code \"seq\":1}); CometD
 * parses it into a map and writes it back in hash order ({@code {"p":"…","t":5,"seq":1}}). A streaming parser
 * (Jackson's non-blocking one) would first need each transport's framing taken off and a second pass over
 * payloads that arrive as strings; this scanner costs a few comparisons per byte, allocates nothing, and runs on
 * the sampled subscribers only (1 in {@code --sample}).
 *
 * <p>What it accepts: a key {@code "seq"} or {@code "t"}, its quotes optionally preceded by backslashes (a payload
 * escaped inside a JSON string, at any depth), then JSON whitespace, {@code :}, whitespace and an integer (an
 * optional {@code -}, at most 18 digits). A quote followed by {@code t"} and a colon is a key in valid JSON, so no
 * string tracking is needed. Both fields must sit in the same object: braces are counted (the payload's padding
 * and the envelopes' strings hold none), a field waits for its partner at the same depth, the pair is handed over
 * as soon as both are read, and a field still waiting when its object closes is dropped. A value that is not an
 * integer (a fraction, an exponent, a string) is ignored, so such a delivery is counted but not sampled.
 */
final class TimingFieldScanner {
    private static final int IDLE = 0;
    private static final int NAME = 1;
    private static final int NAME_END = 2;
    private static final int COLON = 3;
    private static final int VALUE_START = 4;
    private static final int VALUE = 5;

    private static final int NONE = 0;
    private static final int SEQ = 1;
    private static final int T = 2;
    private static final byte[] SEQ_NAME = {'s', 'e', 'q'};
    private static final byte[] T_NAME = {'t'};
    /** Backslashes allowed before a key's closing quote (escaping levels). */
    private static final int MAX_BACKSLASHES = 15;
    /** Longest integer read; more digits than this is not a nanoTime or a sequence number. */
    private static final int MAX_DIGITS = 18;

    private final DeliveryScanner.SampleSink sink;
    private int state = IDLE;
    private int depth;
    private int field;
    private int nameAt;
    private int backslashes;
    private boolean negative;
    private int digits;
    private long value;
    private long seq;
    private int seqDepth = -1;
    private long t;
    private int tDepth = -1;

    TimingFieldScanner(DeliveryScanner.SampleSink sink) {
        this.sink = sink;
    }

    void accept(byte b) {
        switch (state) {
            case IDLE -> idle(b);
            case NAME -> name(b);
            case NAME_END -> nameEnd(b);
            case COLON -> {
                if (b == ':') {
                    state = VALUE_START;
                    negative = false;
                } else if (!isSpace(b)) {
                    restart(b);
                }
            }
            case VALUE_START -> valueStart(b);
            case VALUE -> value(b);
            default -> throw new IllegalStateException("state " + state);
        }
    }

    private void idle(byte b) {
        if (b == '"') {
            state = NAME;
            field = NONE;
            nameAt = 0;
        } else if (b == '{') {
            depth++;
        } else if (b == '}') {
            depth = Math.max(0, depth - 1);
            if (seqDepth > depth) {
                seqDepth = -1;
            }
            if (tDepth > depth) {
                tDepth = -1;
            }
        }
    }

    private void name(byte b) {
        if (nameAt == 0) {
            field = b == 's' ? SEQ : b == 't' ? T : NONE;
            if (field == NONE) {
                restart(b);
                return;
            }
            nameAt = 1;
        } else {
            byte[] name = field == SEQ ? SEQ_NAME : T_NAME;
            if (nameAt < name.length && b == name[nameAt]) {
                nameAt++;
            } else if (nameAt == name.length && (b == '"' || b == '\\')) {
                backslashes = 0;
                state = NAME_END;
                nameEnd(b);
            } else {
                restart(b);
            }
        }
    }

    private void nameEnd(byte b) {
        if (b == '\\' && backslashes < MAX_BACKSLASHES) {
            backslashes++;
        } else if (b == '"') {
            state = COLON;
        } else {
            restart(b);
        }
    }

    private void valueStart(byte b) {
        if (isDigit(b)) {
            state = VALUE;
            value = b - '0';
            digits = 1;
        } else if (b == '-' && !negative) {
            negative = true;
        } else if (negative || !isSpace(b)) {
            restart(b);
        }
    }

    private void value(byte b) {
        if (isDigit(b)) {
            if (++digits > MAX_DIGITS) {
                restart(b);
                return;
            }
            value = value * 10 + (b - '0');
            return;
        }
        if (b != '.' && b != 'e' && b != 'E') {
            found(negative ? -value : value);
        }
        restart(b);
    }

    /** A field read at the current depth: pair it with its partner there, or wait for the partner. */
    private void found(long v) {
        if (field == SEQ) {
            seq = v;
            seqDepth = depth;
        } else {
            t = v;
            tDepth = depth;
        }
        if (seqDepth >= 0 && seqDepth == tDepth) {
            seqDepth = -1;
            tDepth = -1;
            sink.sample(seq, t);
        }
    }

    /** Gives up the current match and reads {@code b} afresh (it may open the next key or close an object). */
    private void restart(byte b) {
        state = IDLE;
        idle(b);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
