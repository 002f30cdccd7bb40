package org.orbited.node.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;

/**
 * A browser-facing test server: {@code HttpServerCodec} → a router that sets {@link ProxyHandler#TARGET} from
 * the first matching rule → {@link ProxyHandler} → a terminal handler answering 404 to whatever is passed on.
 */
final class ProxyTestServer implements AutoCloseable {
    private final Channel server;

    ProxyTestServer(EventLoopGroup group, List<ProxyRoute> rules, boolean keepalive, Duration keepaliveTimeout)
            throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new Router(rules))
                                .addLast(new ProxyHandler(keepalive, keepaliveTimeout, NioSocketChannel.class))
                                .addLast(new NotFound());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    private static final class Router extends ChannelInboundHandlerAdapter {
        private final List<ProxyRoute> rules;

        Router(List<ProxyRoute> rules) {
            this.rules = rules;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req) {
                rules.stream().filter(r -> r.matches(req.uri())).findFirst()
                        .ifPresent(r -> ctx.channel().attr(ProxyHandler.TARGET).set(r));
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final class NotFound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req) {
                ctx.writeAndFlush(HttpResponses.error(HttpError.NOT_FOUND, req.uri()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
