package org.orbited.node.orbit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental parser for the Orbit request stream of one connection (orbit-protocol.md §2.2).
 *
 * <p><b>Contract.</b> Not thread-safe: one instance per connection, fed from one thread. {@link #feed}
 * never blocks, consumes every remaining byte of its argument and reports complete requests to the
 * {@link Sink} synchronously, in arrival order. Chunks may split a request anywhere.
 *
 * <p><b>Grammar.</b> Lines end with CRLF or a bare LF. Empty lines before line 1 are skipped. Line 1
 * (version) and line 2 (action) may be anything, even empty, except an {@code id}, {@code length} or
 * {@code recipient} header line: that means the client left them out (a newcomer's {@code Event\r\nid: 1...}),
 * so the line is read as the header it is and the request is answered with
 * {@link OrbitErrorCode#MISSING_VERSION_LINE} (never dispatched). Header lines are split at the first
 * {@code :}; the name is trimmed and compared case-insensitively, the value is trimmed (bytes
 * {@code <= 0x20} at both ends). Only {@code id} (ISO-8859-1), {@code length} (ASCII digits only) and
 * the repeatable {@code recipient} (UTF-8) are used; an empty {@code id} value counts as absent. An
 * empty line ends the headers; the body is exactly {@code length} bytes and the next request starts
 * at the following byte.
 *
 * <p><b>Limits and memory.</b> A line may hold at most {@code maxLine} bytes, not counting its CRLF or LF; the
 * line buffer grows lazily, never beyond {@code maxLine}, and shrinks back after a request that needed more than
 * {@value #KEPT_LINE_CAPACITY} bytes. A request may have at most {@code maxHeaders} header lines (every line between
 * line 2 and the empty line counts, ignored and malformed ones too), and at most {@code maxHead} bytes in all
 * its lines, line ends not counted. {@code length} may be at most {@code maxBody}. Memory follows the data, never the declared {@code length}: the body array grows as its bytes
 * arrive (doubling, capped at {@code length}). Recipient values and body capacity kept for the request being
 * received are reserved from the shared {@link PendingBytes} budget first; when it refuses, the parser drops
 * what it kept, reads the rest of the request without keeping it and reports
 * {@link OrbitErrorCode#PENDING_BYTES_EXHAUSTED}. Everything reserved is released when the request is reported
 * or {@linkplain #close() the parser is closed}.
 *
 * <p><b>Timing.</b> The parser has no clock. It tells the sink when a request's first byte arrives
 * ({@link Sink#requestStarted()}); a caller that gives up waiting for the rest calls {@link #abandon}.
 *
 * <p><b>Priority when one request has several problems.</b> Exactly one {@link OrbitMalformed} is
 * reported per bad request:
 * <ol>
 *   <li>Closing errors win and are reported the moment they are found, without waiting for the rest of
 *       the request: {@code line exceeds op.max_line} (as soon as the line passes the limit),
 *       {@code too many headers} (on the first header line past the limit),
 *       {@code request head exceeds op.max_head} (as soon as the head passes the limit),
 *       {@code missing or invalid length header} (at the empty line ending the headers). Whatever
 *       came first in the byte stream is the one reported. After a closing error
 *       {@link #isClosed()} is true and all further input is ignored.</li>
 *   <li>Otherwise the body is consumed (or discarded), and then the first that applies is reported:
 *       {@code missing version line} (the likeliest cause of anything else being wrong),
 *       {@code missing id header} (the reply cannot carry an {@code id}, so the {@code Error} form
 *       is needed whatever else is wrong), {@code malformed header line} (a line without {@code :}
 *       or a conflicting {@code id}; it may be the cause of the problems below, e.g. a mangled
 *       recipient line), {@code body exceeds op.max_body}, {@code op.max_pending_bytes reached},
 *       {@code no recipients}.</li>
 * </ol>
 * A conflicting {@code id} keeps the first value, which the reply carries.
 */
public final class OrbitRequestParser {

    /** Receives parse results; called on the thread that calls {@link #feed}, during that call. */
    public interface Sink {
        /** The first byte of a request (of a non-empty line 1) has arrived. */
        default void requestStarted() {
        }

        /** A well-formed request, ready to dispatch. */
        void request(OrbitRequest request);

        /** A rejected request; reply with {@link OrbitReplies#forMalformed(OrbitMalformed)}. */
        void malformed(OrbitMalformed malformed);
    }

    private enum State { VERSION_LINE, ACTION_LINE, HEADERS, BODY, CLOSED }

    private static final int INITIAL_LINE_CAPACITY = 256;
    /** A line buffer larger than this is given back after its request. */
    private static final int KEPT_LINE_CAPACITY = 8192;
    /** The first allocation for a body larger than its first chunk. */
    private static final int MIN_BODY_CAPACITY = 8192;
    private static final byte[] EMPTY = new byte[0];
    /** 18 digits always fit in a long; longer values are rejected as invalid. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private final int maxLine;
    private final int maxHeaders;
    private final int maxBody;
    private final int maxHead;
    private final PendingBytes budget;

    private State state = State.VERSION_LINE;
    private byte[] line;
    private int lineLength;
    private boolean pendingCr;
    /** Bytes of the current request's head lines so far, line ends not counted. */
    private int headLength;

    private final OrbitHeaders headers = new OrbitHeaders();
    private boolean missingVersion;
    private boolean overBudget;
    private boolean bodyTooLarge;
    /** Bytes of this request reserved from {@link #budget}: kept recipient values and body capacity. */
    private long held;
    private byte[] body;
    private long bodyRemaining;
    private int bodyPosition;

    /** A parser with no head limit beyond its lines and no node-wide budget ({@link PendingBytes#unlimited()}). */
    public OrbitRequestParser(int maxLine, int maxHeaders, int maxBody) {
        this(maxLine, maxHeaders, maxBody, Integer.MAX_VALUE, PendingBytes.unlimited());
    }

    /**
     * @throws IllegalArgumentException if a limit is not positive ({@code maxBody} may be 0)
     */
    public OrbitRequestParser(int maxLine, int maxHeaders, int maxBody, int maxHead, PendingBytes budget) {
        if (maxLine < 1 || maxHeaders < 1 || maxBody < 0 || maxHead < 1) {
            throw new IllegalArgumentException("invalid limits maxLine=" + maxLine + " maxHeaders="
                    + maxHeaders + " maxBody=" + maxBody + " maxHead=" + maxHead);
        }
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
        this.maxBody = maxBody;
        this.maxHead = maxHead;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.line = new byte[Math.min(INITIAL_LINE_CAPACITY, maxLine)];
    }

    /** True after a closing error or {@link #close()}; from then on every byte fed is ignored. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** True between a request's first byte and its report: part of a request has arrived. */
    public boolean inRequest() {
        return switch (state) {
            case VERSION_LINE -> lineLength > 0;
            case CLOSED -> false;
            default -> true;
        };
    }

    /** Bytes this parser holds reserved from the budget now. */
    long held() {
        return held;
    }

    /** Parses all remaining bytes of {@code in} (its position ends at its limit). */
    public void feed(ByteBuffer in, Sink sink) {
        while (in.hasRemaining()) {
            if (state == State.CLOSED) {
                in.position(in.limit());
                return;
            }
            if (state == State.BODY) {
                readBody(in, sink);
                continue;
            }
            byte b = in.get();
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    endLine(sink);
                    continue;
                }
                // a lone CR inside a line is content
                if (!append((byte) '\r', sink)) {
                    continue;
                }
            }
            if (b == '\n') {
                endLine(sink);
            } else if (b == '\r') {
                pendingCr = true;
            } else {
                append(b, sink);
            }
        }
    }

    /**
     * Gives up on the request being received: reports it as malformed with {@code code} (its id if one was read)
     * and closes the parser, because the rest of its bytes can no longer be told from the next request. Does
     * nothing and returns false when no request is partly received.
     */
    public boolean abandon(OrbitErrorCode code, Sink sink) {
        if (!inRequest()) {
            return false;
        }
        fail(code, sink);
        return true;
    }

    /** Releases everything held (the connection has ended); further input is ignored. Idempotent. */
    public void close() {
        releaseHeld();
        state = State.CLOSED;
        line = EMPTY;
        body = null;
        headers.reset();
    }

    private boolean append(byte b, Sink sink) {
        if (lineLength == maxLine) {
            fail(OrbitErrorCode.LINE_TOO_LONG, sink);
            return false;
        }
        if (lineLength == 0 && state == State.VERSION_LINE) {
            sink.requestStarted();
        }
        if (headLength == maxHead) {
            fail(OrbitErrorCode.HEAD_TOO_LARGE, sink);
            return false;
        }
        headLength++;
        if (lineLength == line.length) {
            byte[] bigger = new byte[(int) Math.min((long) line.length * 2, maxLine)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        line[lineLength++] = b;
        return true;
    }

    private void endLine(Sink sink) {
        int length = lineLength;
        lineLength = 0;
        switch (state) {
            case VERSION_LINE -> {
                if (length > 0) {
                    headers.reset();
                    if (OrbitHeaders.isUsedHeader(line, length)) {
                        // no version and no action line: this is already a header
                        missingVersion = true;
                        state = State.HEADERS;
                        header(length, sink);
                    } else {
                        state = State.ACTION_LINE;
                    }
                }
            }
            case ACTION_LINE -> {
                state = State.HEADERS;
                if (OrbitHeaders.isUsedHeader(line, length)) {
                    // line 1 was the action (or the version) line, not both
                    missingVersion = true;
                    header(length, sink);
                }
            }
            case HEADERS -> {
                if (length == 0) {
                    endHeaders(sink);
                } else {
                    header(length, sink);
                }
            }
            default -> throw new IllegalStateException("line ended in state " + state);
        }
    }

    private void header(int length, Sink sink) {
        if (headers.count() >= maxHeaders) {
            fail(OrbitErrorCode.TOO_MANY_HEADERS, sink);
            return;
        }
        int kept = headers.accept(line, length);
        if (kept > 0) {
            if (budget.tryReserve(kept)) {
                held += kept;
            } else {
                overBudget();
            }
        }
    }

    private void endHeaders(Sink sink) {
        long length = headers.length();
        if (length < 0) {
            fail(OrbitErrorCode.INVALID_LENGTH, sink);
            return;
        }
        state = State.BODY;
        bodyRemaining = length;
        bodyPosition = 0;
        bodyTooLarge = length > maxBody;
        // nothing is allocated for the body until its bytes arrive
        body = bodyTooLarge || overBudget ? null : EMPTY;
        if (length == 0) {
            completeRequest(sink);
        }
    }

    private void readBody(ByteBuffer in, Sink sink) {
        int n = (int) Math.min(bodyRemaining, in.remaining());
        if (body != null) {
            ensureBodyCapacity(bodyPosition + n);
        }
        if (body != null) {
            in.get(body, bodyPosition, n);
        } else {
            in.position(in.position() + n);
        }
        bodyPosition += n;
        bodyRemaining -= n;
        if (bodyRemaining == 0) {
            completeRequest(sink);
        }
    }

    /** Grows the body array to hold {@code needed} bytes, or gives the request up if the budget refuses. */
    private void ensureBodyCapacity(int needed) {
        if (needed <= body.length) {
            return;
        }
        long total = bodyPosition + bodyRemaining;
        int capacity = (int) Math.min(total, Math.max(needed, Math.max(2L * body.length, MIN_BODY_CAPACITY)));
        int more = capacity - body.length;
        if (!budget.tryReserve(more)) {
            overBudget();
            return;
        }
        held += more;
        body = Arrays.copyOf(body, capacity);
    }

    /** The budget is used up: keep nothing more of this request, which will be answered as such. */
    private void overBudget() {
        overBudget = true;
        releaseHeld();
        headers.dropRecipients();
        body = null;
    }

    private void completeRequest(Sink sink) {
        String id = headers.id();
        OrbitErrorCode problem = null;
        if (missingVersion) {
            problem = OrbitErrorCode.MISSING_VERSION_LINE;
        } else if (id == null) {
            problem = OrbitErrorCode.MISSING_ID;
        } else if (headers.malformed()) {
            problem = OrbitErrorCode.MALFORMED_HEADER_LINE;
        } else if (bodyTooLarge) {
            problem = OrbitErrorCode.BODY_TOO_LARGE;
        } else if (overBudget) {
            problem = OrbitErrorCode.PENDING_BYTES_EXHAUSTED;
        } else if (headers.recipients().isEmpty()) {
            problem = OrbitErrorCode.NO_RECIPIENTS;
        }
        OrbitRequest request = problem == null ? new OrbitRequest(id, headers.recipients(), body, headers.node()) : null;
        // the request owns its body and recipients now: they leave this parser's budget
        releaseHeld();
        body = null;
        headers.reset();
        missingVersion = false;
        overBudget = false;
        bodyTooLarge = false;
        headLength = 0;
        if (line.length > KEPT_LINE_CAPACITY) {
            line = new byte[Math.min(INITIAL_LINE_CAPACITY, maxLine)];
        }
        state = State.VERSION_LINE;
        // state is reset before calling out, so a re-entrant feed from the sink would be safe
        if (request != null) {
            sink.request(request);
        } else {
            sink.malformed(new OrbitMalformed(id, problem));
        }
    }

    private void fail(OrbitErrorCode code, Sink sink) {
        String id = headers.id();
        close();
        sink.malformed(new OrbitMalformed(id, code));
    }

    private void releaseHeld() {
        budget.release(held);
        held = 0;
    }

    /** ASCII digits only, at most {@value #MAX_LENGTH_DIGITS} of them; -1 if not a valid length. */
    static long parseLength(byte[] bytes, int from, int to) {
        if (from == to || to - from > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
