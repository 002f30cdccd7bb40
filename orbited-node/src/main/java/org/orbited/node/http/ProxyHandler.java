package org.orbited.node.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.orbited.node.config.ProxyRule;

/** Placeholder until the development proxy lands: answers 502 for proxied requests. */
public final class ProxyHandler extends ChannelInboundHandlerAdapter {
    public static final AttributeKey<ProxyRule> TARGET = AttributeKey.valueOf("orbited.proxy.target");

    public ProxyHandler(boolean keepalive, java.time.Duration keepaliveTimeout,
                        Class<? extends io.netty.channel.socket.SocketChannel> clientChannelClass) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyRule rule = ctx.channel().attr(TARGET).get();
        if (msg instanceof HttpRequest && rule != null) {
            ctx.writeAndFlush(HttpResponses.error(HttpError.BAD_GATEWAY, rule.host() + ":" + rule.port()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        ReferenceCountUtil.release(msg);
    }
}
