package org.orbited.halod.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server standing in for a node's listener: decodes the PROXY v2 header with Netty's
 * {@link HAProxyMessageDecoder} (recording it), then echoes every byte; on the client's EOF it writes
 * {@code EOF-SEEN} and shuts its output. With {@code flood} > 0 it instead writes that many bytes to every
 * connection as fast as the socket takes them (for the backpressure test).
 */
final class ProxyEchoBackend implements AutoCloseable {
    record Header(String source, int sourcePort, String destination, int destinationPort) {
    }

    final List<Header> headers = new CopyOnWriteArrayList<>();
    final List<Channel> connections = new CopyOnWriteArrayList<>();
    final AtomicLong flooded = new AtomicLong();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    ProxyEchoBackend(long flood) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HAProxyMessageDecoder(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HAProxyMessage h) {
                                    headers.add(new Header(h.sourceAddress(), h.sourcePort(), h.destinationAddress(),
                                            h.destinationPort()));
                                    h.release();
                                    if (flood > 0) {
                                        flood(ctx.channel(), flood);
                                    }
                                    return;
                                }
                                if (flood > 0) {
                                    ((ByteBuf) msg).release();
                                    return;
                                }
                                ctx.writeAndFlush(msg);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof ChannelInputShutdownEvent) {
                                    ctx.writeAndFlush(Unpooled.copiedBuffer("EOF-SEEN", StandardCharsets.US_ASCII))
                                            .addListener((ChannelFutureListener) f ->
                                                    ((DuplexChannel) ctx.channel()).shutdownOutput());
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    private void flood(Channel ch, long total) {
        // write 64 KiB chunks only while the channel is writable: what the socket (i.e. the gateway) takes
        while (flooded.get() < total && ch.isWritable()) {
            ByteBuf chunk = Unpooled.wrappedBuffer(FloodData.chunk(flooded.get()));
            flooded.addAndGet(chunk.readableBytes());
            ch.writeAndFlush(chunk);
        }
        if (flooded.get() < total) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    if (ctx.channel().isWritable()) {
                        ctx.pipeline().remove(this);
                        flood(ctx.channel(), total);
                    }
                }
            });
        }
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
