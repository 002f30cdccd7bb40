package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code xhr_stream}: head H-XS with 256 dots of Safari padding, events separated by
 * {@code \r\n|O|\r\n}; an empty payload followed by {@code ping} or {@code reconnect} is a control.
 * Recycled at {@code stream_max_bytes}.
 */
final class XhrStreamTransport extends Transport {
    private static final byte[] SEPARATOR = Bytes.ascii("\r\n|O|\r\n");

    XhrStreamTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.STREAM,
                Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-orbited-event-stream\r\n\r\n"),
                Bytes.concat(Bytes.repeat(".", 256), Bytes.ascii("\r\n\r\n")), s.streamMaxBytes(),
                Bytes.ascii("\r\n|O|\r\nping\r\n|O|\r\n"), Bytes.ascii("\r\n|O|\r\nreconnect\r\n|O|\r\n"));
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return new Frame(null, e.body(), SEPARATOR);
    }
}
