package org.orbited.node.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code raw}, {@code stream} and {@code basic}: head H-STREAM, no length, never recycled.
 * {@code raw} drops a hand-made {@code HTTP/1.x} head at the start of the first event (the 0.2
 * tutorial's habit); {@code basic} wraps events for a human reader.
 */
final class PlainStreamTransport extends Transport {
    enum Style { RAW, STREAM, BASIC }

    private static final byte[] HEAD = Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
    private static final byte[] B_OPEN = Bytes.ascii("<b>");
    private static final byte[] B_CLOSE = Bytes.ascii("</b><br>\r\n");

    private final Style style;

    PlainStreamTransport(String name, int slot, Style style) {
        super(name, slot, Family.STREAM, HEAD, null, 0,
                style == Style.BASIC ? Bytes.ascii("<i>Ping!</i><br>\r\n") : null,
                style == Style.BASIC ? Bytes.ascii("<i>Reconnect!</i><br>\r\n") : null);
        this.style = style;
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        if (style == Style.BASIC) {
            return Frame.of(e.framed(slot(), ev -> Bytes.concat(B_OPEN, ev.body(), B_CLOSE)));
        }
        if (style == Style.RAW && first) {
            return Frame.of(withoutHandMadeHead(e.body()));
        }
        return Frame.of(e.body());
    }

    static byte[] withoutHandMadeHead(byte[] b) {
        if (b.length < 7 || !new String(b, 0, 7, StandardCharsets.ISO_8859_1).equals("HTTP/1.")) {
            return b;
        }
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return Arrays.copyOfRange(b, i + 4, b.length);
            }
        }
        return b;
    }
}
