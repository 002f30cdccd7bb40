package org.orbited.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes Orbit {@code Event} requests (orbit-protocol.md §2.2, §8.2) back to back into one growable byte array,
 * without building a {@code String} per request: ids and lengths are written as digits, recipients (ASCII in
 * practice) char by char, the body copied once. Plain Java, not thread-safe: a {@link Connection} owns two and
 * fills one under its lock while its writer thread drains the other.
 *
 * <p>Each request is {@code Orbit/1.0}, {@code Event}, {@code id: n}, {@code node: n} (only when addressed), one
 * {@code recipient:} line per recipient, {@code length:}, a blank line, then the body.
 */
final class RequestEncoder {
    private static final byte[] HEAD = "Orbit/1.0\r\nEvent\r\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NODE = "\r\nnode: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECIPIENT = "\r\nrecipient: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LENGTH = "\r\nlength: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_SEPARATOR = ", ".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    RequestEncoder(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** Appends one request with {@code id}; {@code nodeId} 0 means no {@code node:} header. */
    void event(long id, List<Recipient> recipients, byte[] body, int nodeId) {
        put(HEAD);
        putLong(id);
        if (nodeId > 0) {
            put(NODE);
            putLong(nodeId);
        }
        for (int i = 0, n = recipients.size(); i < n; i++) {
            put(RECIPIENT);
            Recipient r = recipients.get(i);
            if (r instanceof Key k) {
                putText(k.user());
                put(KEY_SEPARATOR);
                putText(k.session());
                put(KEY_SEPARATOR);
                putText(k.location());
            } else {
                putText(r.wireForm());
            }
        }
        put(LENGTH);
        putLong(body.length);
        ensure(4 + body.length);
        buf[len++] = '\r';
        buf[len++] = '\n';
        buf[len++] = '\r';
        buf[len++] = '\n';
        System.arraycopy(body, 0, buf, len, body.length);
        len += body.length;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Forgets the bytes; gives the array back to the garbage collector first if it grew past {@code keepBytes}. */
    void clear(int keepBytes) {
        len = 0;
        if (buf.length > keepBytes) {
            buf = new byte[keepBytes];
        }
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void putLong(long v) {
        ensure(20);
        if (v == 0) {
            buf[len++] = '0';
            return;
        }
        int digits = 0;
        for (long t = v; t != 0; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; v != 0; i--, v /= 10) {
            buf[i] = (byte) ('0' + v % 10);
        }
        len = end;
    }

    /** UTF-8, with a loop for the usual all-ASCII value instead of an intermediate array. */
    private void putText(String s) {
        int n = s.length();
        ensure(n);
        int start = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                len = start;
                put(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[len++] = (byte) c;
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
