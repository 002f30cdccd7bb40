package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * A Bayeux client over WebSocket (upgrade on the mount; the handshake is the first frame, as CometD JS 9 does):
 * handshake, subscribe, an immediate connect, then held connects as heartbeats. Each text message is collected
 * (they are small) so that meta replies can be read; deliveries are standalone frames, counted in place.
 * Established when the first connect is answered.
 */
public final class BayeuxWebSocketSubscriber extends RawHttpSubscriber implements WsFrameScanner.Listener {
    private static final String TYPE = "websocket";

    private final WsFrameScanner frames;
    private final String channel;
    private ChannelHandlerContext ctx;
    private long nextId = 1;
    private String clientId;
    private boolean established;

    public BayeuxWebSocketSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String channel) {
        super(tally, scanner, get(ep, ep.bayeuxPath(), WsFrames.UPGRADE_HEADERS), 101);
        this.channel = channel;
        this.frames = new WsFrameScanner(scanner, this, true);
    }

    @Override
    protected void onEstablished(ChannelHandlerContext ctx) {
        this.ctx = ctx; // the upgrade is done; "established" waits for the first connect reply
        send(BayeuxMessages.handshake(nextId++, TYPE));
    }

    private void send(byte[] text) {
        ctx.writeAndFlush(WsFrames.frame(ctx.alloc(), 0x1, text));
    }

    @Override
    protected void body(ChannelHandlerContext ctx, ByteBuf buf) throws Exception {
        buf.forEachByte(frames);
    }

    @Override
    public void text(byte[] text, int length) {
        if (clientId == null) {
            clientId = BayeuxMessages.clientId(text, length);
            if (clientId == null) {
                fail("bayeux_handshake_failed");
                return;
            }
            send(BayeuxMessages.subscribe(nextId++, clientId, channel));
            send(BayeuxMessages.connect(nextId++, clientId, TYPE, true));
            return;
        }
        if (BayeuxMessages.failed(text, length, "/meta/subscribe")) {
            fail("bayeux_subscribe_failed");
        } else if (BayeuxMessages.hasReply(text, length, "/meta/connect")) {
            if (BayeuxMessages.failed(text, length, "/meta/connect")) {
                fail("bayeux_connect_failed");
                return;
            }
            if (!established) {
                established = true;
                tally.established();
            }
            send(BayeuxMessages.connect(nextId++, clientId, TYPE, false));
        }
    }

    @Override
    public void control(int opcode, byte[] payload) {
        if (opcode == 0x9) {
            ctx.writeAndFlush(WsFrames.frame(ctx.alloc(), 0xA, payload));
        } else if (opcode == 0x8) {
            if (!tally.isStopping()) {
                tally.error("ws_close_" + WebSocketSubscriber.closeCode(payload));
            }
            ctx.close();
        }
    }

    private void fail(String kind) {
        tally.error(kind);
        ctx.close();
    }
}
