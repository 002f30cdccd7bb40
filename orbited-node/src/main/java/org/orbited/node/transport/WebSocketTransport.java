package org.orbited.node.transport;

import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Event;

/**
 * {@code websocket}: RFC 6455 on the comet location, one text frame {@code {"id":"I","data":"B"}} per
 * event, {@code {"type":"reset"}} as control, close frames carrying the disconnect codes. The bytes
 * returned here are frame payloads; the WebSocket codec adds the framing.
 */
final class WebSocketTransport extends Transport {
    private static final byte[] RESET = Bytes.ascii("{\"type\":\"reset\"}");

    WebSocketTransport(String name, int slot) {
        super(name, slot);
    }

    @Override
    public Family family() {
        return Family.WEBSOCKET;
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public boolean accepts(Event e) {
        return e.isUtf8();
    }

    /** The 101 response is written by the WebSocket handshaker. */
    @Override
    public byte[] head(OpenContext ctx, TransportSettings s) {
        return new byte[0];
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return JsonFraming.frame(id, e);
    }

    /** WebSocket pings are control frames, sent by the connection. */
    @Override
    public byte[] ping() {
        return null;
    }

    @Override
    public long pingMillis(TransportSettings s) {
        return s.modernPingMillis();
    }

    /** The reconnect instruction is close code 1012, sent by the connection. */
    @Override
    public byte[] reconnect() {
        return null;
    }

    @Override
    public byte[] reset() {
        return RESET;
    }

    @Override
    public byte[] closeNotice(DisconnectReason reason) {
        return null;
    }
}
