package org.orbited.node.transport;

import java.util.List;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Event;

/**
 * {@code long_poll}: each response is a JSON array of {@code {"id":"I","data":"B"}} elements under head
 * H-JSON; controls are array elements ({@code hello} first when asked for, then {@code reset}; {@code reconnect}
 * or {@code close} last).
 * An empty array answers a poll that saw no event for {@code long_poll.timeout}.
 */
public final class LongPollTransport extends Transport {
    static final byte[] RESET = Bytes.ascii("{\"type\":\"reset\"}");
    static final byte[] RECONNECT = Bytes.ascii("{\"type\":\"reconnect\"}");

    LongPollTransport(String name, int slot) {
        super(name, slot, Family.LONG_POLL, new byte[0], null, 0, null, RECONNECT);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public boolean accepts(Event e) {
        return e.isUtf8();
    }

    /** H-JSON for a body of {@code length} bytes; {@code close} adds {@code Connection: close}. */
    public static byte[] responseHead(OpenContext ctx, int length, boolean close) {
        return Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Cache-Control: no-cache, no-store\r\n" + Cors.headers(ctx) + "Content-Length: " + length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n");
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return JsonFraming.frame(id, e);
    }

    @Override
    public byte[] hello(String epoch, long graceMillis) {
        return Bytes.ascii(JsonFraming.hello(epoch, graceMillis));
    }

    @Override
    public byte[] reset() {
        return RESET;
    }

    @Override
    public byte[] closeNotice(DisconnectReason reason) {
        return Bytes.ascii("{\"type\":\"close\",\"code\":" + reason.code() + ",\"reason\":"
                + JsonFraming.quote(reason.reason()) + "}");
    }

    /** The array body: optional hello and reset elements, the frames, optional trailing control element. */
    public static byte[][] body(byte[] hello, byte[] reset, List<Frame> frames, byte[] last) {
        byte[] first = hello == null ? reset : reset == null ? hello : Bytes.concat(hello, Bytes.ascii(","), reset);
        int parts = 2 + (first != null ? 1 : 0) + (last != null ? 1 : 0) + frames.size() * 2;
        byte[][] out = new byte[parts][];
        int i = 0;
        out[i++] = Bytes.ascii("[");
        boolean comma = false;
        if (first != null) {
            out[i++] = first;
            comma = true;
        }
        for (Frame f : frames) {
            out[i++] = comma ? Bytes.concat(Bytes.ascii(","), f.prefix()) : f.prefix();
            out[i++] = f.shared();
            comma = true;
        }
        if (last != null) {
            out[i++] = comma ? Bytes.concat(Bytes.ascii(","), last) : last;
        }
        out[i] = Bytes.ascii("]");
        return out;
    }
}
