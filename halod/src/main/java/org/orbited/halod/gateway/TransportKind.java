package org.orbited.halod.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Native epoll when the platform has it, NIO otherwise or with {@code -Dorbited.nio=true}: the same choice as
 * orbited-node's {@code NettyTransportKind} (the same system property).
 */
record TransportKind(String name, IoHandlerFactory factory, Class<? extends ServerChannel> serverChannel,
                     Class<? extends SocketChannel> clientChannel) {

    static TransportKind detect() {
        if (!Boolean.getBoolean("orbited.nio") && Epoll.isAvailable()) {
            return new TransportKind("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new TransportKind("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class);
    }

    boolean epoll() {
        return name.equals("epoll");
    }

    EventLoopGroup newGroup(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), factory);
    }
}
