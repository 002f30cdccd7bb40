package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code server_sent_events}: Opera 9's {@code <event-source>} format, head H-DOM, a capitalised
 * {@code Event:} field and one {@code data:} line per body line. Recycled at {@code stream_max_bytes}.
 */
final class DomEventsTransport extends Transport {
    private static final byte[] EVENT = Bytes.ascii("Event: orbited\n");
    private static final byte[] END = Bytes.ascii("\n");

    DomEventsTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.STREAM,
                Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-dom-event-stream\r\n\r\n"), null,
                s.streamMaxBytes(), Bytes.ascii("Event: ping\ndata: \\o/\n\n"),
                Bytes.ascii("Event: reconnect\ndata: reconnect\n\n"));
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), ev -> Bytes.concat(EVENT, Bytes.dataLines("data: ", ev.body()), END)));
    }
}
