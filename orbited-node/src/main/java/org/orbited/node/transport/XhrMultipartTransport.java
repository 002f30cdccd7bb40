package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code xhr_multipart} (Firefox's obsolete multipart/x-mixed-replace): each event is a part
 * with its own headers, followed by the boundary; no boundary precedes the first part, as in the
 * original. Recycled at {@code stream_max_bytes}.
 */
final class XhrMultipartTransport extends Transport {
    private final String boundary;

    XhrMultipartTransport(String name, int slot, String boundary) {
        super(name, slot);
        this.boundary = boundary;
    }

    @Override
    public Family family() {
        return Family.STREAM;
    }

    @Override
    public byte[] head(OpenContext ctx, TransportSettings s) {
        return Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=\""
                + boundary + "\"\r\n\r\n");
    }

    @Override
    public long cap(TransportSettings s) {
        return s.streamMaxBytes();
    }

    private byte[] part(byte[] x) {
        return Bytes.concat(Bytes.ascii("Content-type: application/json\r\nContent-length: " + x.length + "\r\n\r\n"),
                x, Bytes.ascii("\r\n--" + boundary + "\r\n"));
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), ev -> part(ev.body())));
    }

    @Override
    public byte[] ping() {
        return part(new byte[0]);
    }

    @Override
    public byte[] reconnect() {
        return part(Bytes.ascii("reconnect"));
    }
}
