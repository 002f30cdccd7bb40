package org.orbited.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One subscriber connection: reads the request head up to its blank line (discarding the bytes), then writes the
 * SSE response head from a pooled direct buffer and joins the {@link Subscribers}. Tells them when the channel's
 * writability changes (Netty's default water marks, 32 and 64 KiB, as floor.c's --hwm). Anything after the
 * request, or a close, fails the run: the floor's clients only read.
 */
final class SubscriberHandler extends ChannelInboundHandlerAdapter {
    private final Subscribers subscribers;
    private int matched; // bytes of "\r\n\r\n" seen
    private boolean joined;

    SubscriberHandler(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            if (joined) {
                subscribers.fail("a client sent bytes after its request");
                return;
            }
            for (int i = b.readerIndex(); i < b.writerIndex() && !joined; i++) {
                byte c = b.getByte(i);
                matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
                if (matched == 4) {
                    joined = true;
                    ByteBuf head = ctx.alloc().directBuffer(SseFrame.HEAD.length).writeBytes(SseFrame.HEAD);
                    ctx.writeAndFlush(head, ctx.voidPromise());
                    subscribers.join(ctx.channel());
                }
            }
        } finally {
            b.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        subscribers.writabilityChanged(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        subscribers.fail("a client closed during the run");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        subscribers.fail("channel error: " + cause);
    }
}
