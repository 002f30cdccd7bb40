package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.1 {@code xhr} and {@code xhr_buffered}: a held GET answered with exactly one event body under head
 * H-XHR (Δ: the original sent no head), or an empty 200 after {@code xhr.timeout} or as the reconnect
 * instruction. Nothing is written on open; the head goes with the response, once its length is known.
 * The connection closes after every response.
 */
final class XhrPollTransport extends Transport {
    XhrPollTransport(String name, int slot) {
        super(name, slot, Family.XHR_POLL, new byte[0], null, 0, null, headFor(0));
    }

    static byte[] headFor(int length) {
        return Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-cache\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n");
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return new Frame(headFor(e.size()), e.body(), null);
    }
}
