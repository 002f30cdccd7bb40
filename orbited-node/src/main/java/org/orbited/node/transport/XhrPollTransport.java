package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.1 {@code xhr} and {@code xhr_buffered}: a held GET answered with exactly one event body under head
 * H-XHR (Δ: the original sent no head), or an empty 200 after {@code xhr.timeout} or as the reconnect
 * instruction. The connection closes after every response.
 */
final class XhrPollTransport extends Transport {
    XhrPollTransport(String name, int slot) {
        super(name, slot);
    }

    static byte[] headFor(int length) {
        return Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-cache\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n");
    }

    private static final byte[] EMPTY = headFor(0);

    @Override
    public Family family() {
        return Family.XHR_POLL;
    }

    /** The head is written with the response, once its length is known; nothing is written on open. */
    @Override
    public byte[] head(OpenContext ctx, TransportSettings s) {
        return new byte[0];
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return new Frame(headFor(e.size()), e.body(), null);
    }

    /** The timeout answer: H-XHR with no body. */
    public byte[] empty() {
        return EMPTY;
    }

    @Override
    public byte[] ping() {
        return null;
    }

    @Override
    public byte[] reconnect() {
        return EMPTY;
    }
}
