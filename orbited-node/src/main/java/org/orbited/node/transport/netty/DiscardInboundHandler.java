package org.orbited.node.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The tail of a streaming response's pipeline: discards whatever the browser sends after the request head
 * (orbit-protocol.md 4.2 (4)); reading on keeps closes noticed at once. Pings are the connection's own
 * ({@link ChannelConnection#startPings}).
 */
@io.netty.channel.ChannelHandler.Sharable
final class DiscardInboundHandler extends ChannelInboundHandlerAdapter {
    /** Stateless: one instance serves every connection. */
    static final DiscardInboundHandler INSTANCE = new DiscardInboundHandler();

    private DiscardInboundHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
