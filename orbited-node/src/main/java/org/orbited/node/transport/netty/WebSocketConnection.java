package org.orbited.node.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;
import org.orbited.node.transport.Frame;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * {@code websocket}: one text frame per event, {@code {"type":"reset"}} as control, and close frames
 * carrying the disconnect catalog's codes (1012 to reconnect, also when the payload bytes would pass the
 * transport's cap, {@code modern_stream_max_bytes}, if set). Frames from the browser are handled by
 * {@link WebSocketFrameHandler}.
 */
final class WebSocketConnection extends ChannelConnection {
    /** Payload bytes after which the socket is closed with 1012 to reconnect, or 0 for never. */
    private final long cap;
    /** Payload bytes of the event and reset frames so far; guarded by the session lock. */
    private long payloadBytes;

    WebSocketConnection(Channel channel, Transport transport, TransportSettings settings, HubStats stats) {
        super(channel, transport, settings, stats);
        this.cap = transport.cap();
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (closing) {
            return 0;
        }
        if (reset) {
            enqueue(new TextWebSocketFrame(Unpooled.wrappedBuffer(transport.reset())), null);
            payloadBytes += transport.reset().length;
        }
        for (int i = 0; i < events.size(); i++) {
            QueuedEvent e = events.get(i);
            if (!transport.accepts(e.event())) {
                return i == 0 ? REJECT_FIRST : i;
            }
            Frame f = transport.frame(s.idOf(e), e.event(), false);
            if (cap > 0 && payloadBytes + f.length() > cap) {
                if (i == 0 && payloadBytes == 0) {
                    return REJECT_FIRST; // could never fit, even on a fresh socket
                }
                close(DisconnectReason.RECONNECT); // close 1012; the event stays queued for the next socket
                return i;
            }
            payloadBytes += f.length();
            enqueue(f, e); // encoded here as unmasked text frames, a backlog in one buffer
        }
        return events.size();
    }

    @Override
    protected void writeHello(byte[] hello) {
        enqueue(new TextWebSocketFrame(Unpooled.wrappedBuffer(hello)), null);
    }

    /** RFC 6455 5.2: FIN + text opcode, then a 7-bit, 16-bit or 64-bit payload length; servers do not mask. */
    @Override
    protected int headerLength(int length) {
        return length < 126 ? 2 : length < 65536 ? 4 : 10;
    }

    @Override
    protected void writeHeader(io.netty.buffer.ByteBuf buf, int length) {
        buf.writeByte(0x81);
        if (length < 126) {
            buf.writeByte(length);
        } else if (length < 65536) {
            buf.writeByte(126).writeShort(length);
        } else {
            buf.writeByte(127).writeLong(length);
        }
    }

    @Override
    protected void ping() {
        if (closing) {
            return; // RFC 6455 5.5.1: nothing after our close frame (a client fails the connection on it)
        }
        enqueue(new io.netty.handler.codec.http.websocketx.PingWebSocketFrame(), null);
    }

    @Override
    protected void writeFarewell(DisconnectReason reason) {
        if (reason != null) {
            enqueue(new CloseWebSocketFrame(reason.code(), reason.reason()), null);
        } else {
            enqueue(new CloseWebSocketFrame(1000, "normal"), null);
        }
    }
}
