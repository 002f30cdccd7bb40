package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code xhr_multipart} (Firefox's obsolete multipart/x-mixed-replace): each event is a part
 * with its own headers, followed by the boundary; no boundary precedes the first part, as in the
 * original. Recycled at {@code stream_max_bytes}.
 */
final class XhrMultipartTransport extends Transport {
    private final byte[] end;

    XhrMultipartTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.STREAM, Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;"
                        + "boundary=\"" + s.multipartBoundary() + "\"\r\n\r\n"), null, s.streamMaxBytes(),
                part(new byte[0], s.multipartBoundary()), part(Bytes.ascii("reconnect"), s.multipartBoundary()));
        this.end = Bytes.ascii("\r\n--" + s.multipartBoundary() + "\r\n");
    }

    private static byte[] part(byte[] x, String boundary) {
        return Bytes.concat(Bytes.ascii("Content-type: application/json\r\nContent-length: " + x.length + "\r\n\r\n"),
                x, Bytes.ascii("\r\n--" + boundary + "\r\n"));
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), ev -> Bytes.concat(Bytes.ascii("Content-type: application/json\r\n"
                + "Content-length: " + ev.size() + "\r\n\r\n"), ev.body(), end)));
    }
}
