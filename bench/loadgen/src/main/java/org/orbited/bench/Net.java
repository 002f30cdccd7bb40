package org.orbited.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The generator's Netty runtime: native epoll when the platform has it, NIO otherwise (or with
 * {@code -Dorbited.nio=true}), as the node's own {@code NettyTransportKind}. Source addresses spread
 * connections over 127.0.0.2, 127.0.0.3, … so that no address runs out of ephemeral ports.
 */
public final class Net implements AutoCloseable {
    private final String kind;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;

    public Net(int threads) {
        IoHandlerFactory factory;
        if (!Boolean.getBoolean("orbited.nio") && Epoll.isAvailable()) {
            kind = "epoll";
            factory = EpollIoHandler.newFactory();
            channelClass = EpollSocketChannel.class;
        } else {
            kind = "nio";
            factory = NioIoHandler.newFactory();
            channelClass = NioSocketChannel.class;
        }
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true), factory);
    }

    public String kind() {
        return kind;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** A client bootstrap with small socket buffers (thousands of idle sockets) and no Nagle delay. */
    public Bootstrap bootstrap() {
        return new Bootstrap().group(group).channel(channelClass).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** The source address of connection {@code index}: 127.0.0.2 for the first {@code perSource}, and so on. */
    public static InetSocketAddress sourceAddress(int index, int perSource) {
        int n = index / perSource;
        if (n >= 250 * 250) {
            throw new IllegalArgumentException("connection index " + index + " needs more than 127.0.0.0/16");
        }
        return new InetSocketAddress("127.0." + (n / 250) + "." + (2 + n % 250), 0);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
