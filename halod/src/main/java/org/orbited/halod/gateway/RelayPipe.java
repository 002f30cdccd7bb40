package org.orbited.halod.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a relay: what this channel reads is written to {@code peer}. Backpressure: this channel's
 * {@code autoRead} follows the peer's writability (the peer's pipe flips it in
 * {@link #channelWritabilityChanged}), so a slow reader on one side stops reading on the other and the gateway
 * buffers at most one write-buffer high-water mark per direction. Half-close: EOF on this side shuts the peer's
 * output down after what was written has been flushed; when both directions are shut, both channels close. A
 * close on either side closes the other after a flush.
 *
 * <p>Runs on the channel's event loop; both channels of a relay share one loop.
 */
final class RelayPipe extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final RelayTracker tracker;
    private final boolean inbound; // client → node (bytesIn) or node → client (bytesOut)

    RelayPipe(Channel peer, RelayTracker tracker, boolean inbound) {
        this.peer = peer;
        this.tracker = tracker;
        this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (inbound) {
            tracker.countIn(buf.readableBytes());
        } else {
            tracker.countOut(buf.readableBytes());
        }
        peer.writeAndFlush(buf, peer.voidPromise());
        if (!peer.isWritable()) {
            autoRead(ctx.channel(), false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // this channel drained (or filled): let the peer read again (or stop it)
        autoRead(peer, ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Channel self = ctx.channel();
            if (peer instanceof DuplexChannel d && peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                    d.shutdownOutput();
                    if (((DuplexChannel) self).isOutputShutdown()) {
                        closeBoth(self);
                    }
                });
            } else {
                closeBoth(self);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAfterFlush(peer);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset or a broken pipe on one side ends the relay; nothing to report beyond the close
        ctx.close();
    }

    private void closeBoth(Channel self) {
        self.close();
        closeAfterFlush(peer);
    }

    /**
     * Sets {@code autoRead} unless the channel's input is already shut (nothing more to read; re-arming a
     * half-closed epoll channel fails with ENOENT from epoll_ctl).
     */
    static void autoRead(Channel ch, boolean on) {
        if (ch.isActive() && !(ch instanceof DuplexChannel d && d.isInputShutdown())) {
            ch.config().setAutoRead(on);
        }
    }

    static void closeAfterFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
