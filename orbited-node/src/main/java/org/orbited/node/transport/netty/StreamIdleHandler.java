package org.orbited.node.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The tail of a streaming response's pipeline, after an {@code IdleStateHandler}: writes the transport's
 * ping bytes when nothing was written for one interval, and discards whatever the browser sends after
 * the request head (orbit-protocol.md 4.2 (4)); reading on keeps closes noticed at once.
 */
final class StreamIdleHandler extends ChannelInboundHandlerAdapter {
    private final StreamConnection connection;

    StreamIdleHandler(StreamConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (connection != null) {
                connection.ping();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
