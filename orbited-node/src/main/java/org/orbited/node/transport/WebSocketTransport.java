package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * {@code websocket}: RFC 6455 on the comet location, one text frame {@code {"id":"I","data":"B"}} per
 * event, {@code {"type":"reset"}} as control ({@code {"type":"hello",...}} first when asked for). The 101
 * response, ping frames and close frames (1012 to reconnect) are written by the WebSocket codec and the
 * connection; the bytes here are frame payloads. The cap, counted in payload bytes, is
 * {@code modern_stream_max_bytes} (0 by default: never recycled).
 */
final class WebSocketTransport extends Transport {
    private static final byte[] RESET = Bytes.ascii("{\"type\":\"reset\"}");

    WebSocketTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.WEBSOCKET, new byte[0], null, s.modernMaxBytes(), null, null);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public boolean accepts(Event e) {
        return e.isUtf8();
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return JsonFraming.frame(id, e);
    }

    @Override
    public long pingMillis(TransportSettings s) {
        return s.modernPingMillis();
    }

    @Override
    public byte[] hello(String epoch, long graceMillis) {
        return Bytes.ascii(JsonFraming.hello(epoch, graceMillis));
    }

    @Override
    public byte[] reset() {
        return RESET;
    }
}
