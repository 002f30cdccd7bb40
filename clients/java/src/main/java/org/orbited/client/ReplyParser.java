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

    private byte[] buf = new byte[1024];
    private int len;
    private int scanned;

    /** Appends {@code n} bytes and returns every reply they complete, in order. */
    List<Reply> feed(byte[] bytes, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        List<Reply> out = new ArrayList<>(1);
        int start = 0;
        for (int i = Math.max(scanned - 3, 0); i + 3 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                out.add(decode(new String(buf, start, i - start, StandardCharsets.UTF_8)));
                start = i + 4;
                i += 3;
            }
        }
        System.arraycopy(buf, start, buf, 0, len - start);
        len -= start;
        scanned = len;
        if (len > MAX_FRAME_BYTES) {
            throw new OrbitProtocolException("reply longer than " + MAX_FRAME_BYTES + " bytes without \\r\\n\\r\\n: \""
                    + Checks.printable(new String(buf, 0, 200, StandardCharsets.UTF_8), 200) + "\"");
        }
        return out;
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
