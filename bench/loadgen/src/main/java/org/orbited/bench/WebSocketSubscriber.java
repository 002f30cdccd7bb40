package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * A WebSocket subscriber (orbited {@code transport=websocket}: one text frame {@code {"id":…,"data":"…"}} per
 * event; Nchan's WebSocket subscriber: the message as a text frame). Frames are walked, not decoded: text bytes
 * are counted in place, pings are answered with pongs (the node closes sockets that do not), a close frame
 * ends the connection.
 */
public final class WebSocketSubscriber extends RawHttpSubscriber implements WsFrameScanner.Listener {
    private final WsFrameScanner frames;
    private ChannelHandlerContext ctx;

    public WebSocketSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
        super(tally, scanner, get(ep, path, WsFrames.UPGRADE_HEADERS), 101);
        this.frames = new WsFrameScanner(scanner, this, false);
    }

    @Override
    protected void onEstablished(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        super.onEstablished(ctx);
    }

    @Override
    protected void body(ChannelHandlerContext ctx, ByteBuf buf) throws Exception {
        buf.forEachByte(frames);
    }

    @Override
    public void control(int opcode, byte[] payload) {
        if (opcode == 0x9) {
            ctx.writeAndFlush(WsFrames.frame(ctx.alloc(), 0xA, payload));
        } else if (opcode == 0x8) {
            if (!tally.isStopping()) {
                tally.error("ws_close_" + closeCode(payload));
            }
            ctx.close();
        }
    }

    static int closeCode(byte[] payload) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
}
