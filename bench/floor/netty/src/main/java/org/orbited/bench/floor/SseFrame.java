package org.orbited.bench.floor;

import java.nio.charset.StandardCharsets;

/**
 * The bytes the node writes for one SSE event of a bench payload, written into a reused array (no garbage):
 * {@code HEX\r\nid: EPOCH-SEQ\ndata: {"seq":SEQ,"t":T,"p":"xx…"}\n\n\r\n}, the payload padded to {@code size}
 * bytes exactly as bench/loadgen's {@code Payload} pads it. Same bytes as floor.c's {@code frame()}.
 */
final class SseFrame {
    /** The response head and the {@code retry:} chunk the node writes when an SSE subscriber connects. */
    static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "d\r\nretry: 2000\n\n\r\n").getBytes(StandardCharsets.US_ASCII);
    static final int MAX = 1024;
    private static final byte[] ID = "id: wof2fvtw-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_SEQ = "data: {\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] T = ",\"t\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] P = ",\"p\":\"".getBytes(StandardCharsets.US_ASCII);

    private SseFrame() {
    }

    /** Writes the event into {@code out} (at least {@link #MAX} bytes) and returns its length. */
    static int write(byte[] out, long seq, long t, int size) {
        int seqDigits = digits(seq);
        int head = "{\"seq\":".length() + seqDigits + T.length + digits(t);
        int pad = size - head - 1 - 7;
        int payload = pad <= 0 ? head + 1 : size;
        int idLine = ID.length + seqDigits + 1;
        int data = "data: ".length() + payload + 2;
        int len = idLine + data;
        int p = 0;
        for (int shift = (31 - Integer.numberOfLeadingZeros(len)) / 4 * 4; shift >= 0; shift -= 4) {
            out[p++] = (byte) "0123456789abcdef".charAt((len >>> shift) & 15);
        }
        out[p++] = '\r';
        out[p++] = '\n';
        p = put(out, p, ID);
        p = number(out, p, seq);
        out[p++] = '\n';
        p = put(out, p, DATA_SEQ);
        p = number(out, p, seq);
        p = put(out, p, T);
        p = number(out, p, t);
        if (pad > 0) {
            p = put(out, p, P);
            for (int i = 0; i < pad; i++) {
                out[p++] = 'x';
            }
            out[p++] = '"';
        }
        out[p++] = '}';
        out[p++] = '\n';
        out[p++] = '\n';
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }

    private static int put(byte[] out, int p, byte[] b) {
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static int number(byte[] out, int p, long v) {
        int end = p + digits(v);
        for (int i = end - 1; i >= p; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }
}
