package org.orbited.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Incremental decoder of the replies the node writes on an Orbit connection: frames end at
 * {@code \r\n\r\n}; the first line is the status, the rest {@code name: value} headers split at the
 * first {@code :} (names case-insensitive, values trimmed, unknown names ignored). Plain Java, one
 * instance per connection, not thread-safe (only the connection's reader thread feeds it).
 */
final class ReplyParser {
    /** Largest reply frame accepted: a Failure listing 10,000 long keys still fits. */
    static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    /** A buffer grown past this is shrunk back once it holds less. */
    private static final int MAX_KEPT_BYTES = 128 * 1024;

    private byte[] buf = new byte[1024];
    private int len;
    private int scanned;

    private static final byte[] SUCCESS_ID = "Success\r\nid: ".getBytes(StandardCharsets.US_ASCII);
    /** Longest id a request of this client can have: a {@code long} counter, far below 10^18. */
    private static final int MAX_ID_DIGITS = 18;

    /** Where decoded replies go, in order. */
    interface Sink {
        /**
         * One reply. {@code id} is the {@code id:} value as a number, or 0 when there is none or it is not a decimal
         * without leading zeros (the form every request of this client has). A plain {@code Success} comes as the
         * shared {@link Reply#SUCCESS}.
         */
        void reply(long id, Reply r);
    }

    /** Appends {@code n} bytes and returns every reply they complete, in order (ids kept as text). */
    List<Reply> feed(byte[] bytes, int off, int n) {
        List<Reply> out = new ArrayList<>(1);
        feed(bytes, off, n, (id, r) -> out.add(r == Reply.SUCCESS
                ? new Reply(Reply.Status.SUCCESS, Long.toString(id), null, List.of()) : r));
        return out;
    }

    /**
     * Appends {@code n} bytes and hands every reply they complete to {@code sink}, in order. The plain
     * {@code Success} frame is recognised from its bytes without building a string.
     *
     * @throws OrbitProtocolException at the first frame that is not a reply (the replies before it were handed on)
     */
    void feed(byte[] bytes, int off, int n, Sink sink) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        int start = 0;
        try {
            for (int i = Math.max(scanned - 3, 0); i + 3 < len; i++) {
                if (buf[i + 3] == '\n' && buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r') {
                    long id = plainSuccessId(buf, start, i);
                    if (id > 0) {
                        sink.reply(id, Reply.SUCCESS);
                    } else {
                        Reply r = decode(new String(buf, start, i - start, StandardCharsets.UTF_8));
                        sink.reply(numericId(r.id()), r);
                    }
                    start = i + 4;
                    i += 3;
                }
            }
        } finally {
            System.arraycopy(buf, start, buf, 0, len - start);
            len -= start;
            scanned = len;
        }
        if (len > MAX_FRAME_BYTES) {
            throw new OrbitProtocolException("reply longer than " + MAX_FRAME_BYTES + " bytes without \\r\\n\\r\\n: \""
                    + Checks.printable(new String(buf, 0, 200, StandardCharsets.UTF_8), 200) + "\"");
        }
        if (buf.length > MAX_KEPT_BYTES && len < MAX_KEPT_BYTES) {
            buf = Arrays.copyOf(buf, MAX_KEPT_BYTES); // a big read or a long Failure is over: give the memory back
        }
    }

    /** The id of the frame {@code buf[from, end)} if it is exactly {@code Success}, {@code id: <digits>}; else 0. */
    private static long plainSuccessId(byte[] buf, int from, int end) {
        int p = from + SUCCESS_ID.length;
        if (p >= end) {
            return 0;
        }
        for (int k = 0; k < SUCCESS_ID.length; k++) {
            if (buf[from + k] != SUCCESS_ID[k]) {
                return 0;
            }
        }
        return digits(buf, p, end);
    }

    /** {@code buf[from, end)} as a positive decimal without leading zeros, or 0 if it is not one. */
    private static long digits(byte[] buf, int from, int end) {
        if (end - from > MAX_ID_DIGITS || buf[from] == '0') {
            return 0;
        }
        long v = 0;
        for (int k = from; k < end; k++) {
            int d = buf[k] - '0';
            if (d < 0 || d > 9) {
                return 0;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static long numericId(String id) {
        if (id == null || id.isEmpty()) {
            return 0;
        }
        byte[] b = id.getBytes(StandardCharsets.ISO_8859_1);
        return digits(b, 0, b.length);
    }

    /** Bytes of an unfinished frame, for the message when the connection ends mid-reply. */
    String pending() {
        return new String(buf, 0, Math.min(len, 200), StandardCharsets.UTF_8);
    }

    static Reply decode(String frame) {
        String[] lines = frame.split("\r\n", -1);
        Reply.Status status = switch (lines[0]) {
            case "Success" -> Reply.Status.SUCCESS;
            case "Failure" -> Reply.Status.FAILURE;
            case "Error" -> Reply.Status.ERROR;
            default -> throw bad("status line is not Success, Failure or Error", frame);
        };
        String id = null;
        String msg = null;
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                throw bad("header line without ':'", frame);
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "id" -> {
                    if (id != null && !id.equals(value)) {
                        throw bad("two different ids", frame);
                    }
                    id = value;
                }
                case "msg" -> msg = value;
                case "recipient" -> recipients.add(value);
                default -> { } // unknown headers are ignored (orbit-protocol.md §8.2)
            }
        }
        if (id == null && status != Reply.Status.ERROR) {
            throw bad(lines[0] + " reply without an id", frame);
        }
        return new Reply(status, id, msg, List.copyOf(recipients));
    }

    private static OrbitProtocolException bad(String why, String frame) {
        return new OrbitProtocolException("malformed Orbit reply (" + why + "): \"" + Checks.printable(frame + "\r\n\r\n", 300) + "\"");
    }
}
