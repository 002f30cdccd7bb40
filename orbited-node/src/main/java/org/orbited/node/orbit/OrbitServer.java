package org.orbited.node.orbit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The Orbit listener (orbit-protocol.md §2.2): binds the settings' {@code bind:port} and serves any number of
 * concurrent application connections, each through {@link OrbitServerInitializer}.
 *
 * <p><b>Lifecycle.</b> {@link #bind()} once, then {@link #close()} to stop accepting and
 * {@link #closeConnections()} to end the open connections. The caller owns the event loop groups and
 * chooses the matching server channel class (epoll or NIO); this class never shuts the groups down.
 *
 * <p><b>Threading.</b> {@link #bind()} and {@link #close()} block until done and must not be called on
 * an event loop thread. {@link #port()}, {@link #connectionCount()} and {@link #closeConnections()}
 * are safe from any thread.
 */
public final class OrbitServer implements AutoCloseable {
    private final OrbitSettings settings;
    private final ServerBootstrap bootstrap;
    private final ChannelGroup connections = new DefaultChannelGroup("orbit", GlobalEventExecutor.INSTANCE);
    private volatile Channel listener;

    public OrbitServer(OrbitSettings settings, OrbitDispatcher dispatcher, OrbitStats stats,
                       EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
                       Class<? extends ServerChannel> channelClass) {
        this(settings, dispatcher, stats, acceptGroup, ioGroup, channelClass, null);
    }

    /**
     * @param front a sharable handler put first in every accepted connection's pipeline, before the Orbit handlers
     *              (the cluster's PROXY admission), or null
     */
    public OrbitServer(OrbitSettings settings, OrbitDispatcher dispatcher, OrbitStats stats,
                       EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
                       Class<? extends ServerChannel> channelClass, io.netty.channel.ChannelHandler front) {
        this.settings = Objects.requireNonNull(settings, "settings");
        PendingBytes pendingBytes = new PendingBytes(settings.maxPendingBytes());
        stats.pendingBytesFrom(pendingBytes);
        this.bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(channelClass)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // an app may send FIN after its last request and still read the replies (OrbitRequestHandler)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new OrbitServerInitializer(settings, dispatcher, stats, connections, pendingBytes,
                        front));
    }

    /**
     * Binds {@code bind:port} (port 0 picks a free port) and returns the bound port.
     *
     * @throws IllegalStateException if already bound
     * @throws InterruptedException  if interrupted while binding
     * @throws Exception             the bind failure, e.g. {@link java.net.BindException}
     */
    public synchronized int bind() throws Exception {
        if (listener != null) {
            throw new IllegalStateException("Orbit server already bound to " + listener.localAddress());
        }
        listener = bootstrap.bind(settings.bind(), settings.port()).sync().channel();
        return port();
    }

    /** The bound port. @throws IllegalStateException if not bound */
    public int port() {
        Channel ch = listener;
        if (ch == null) {
            throw new IllegalStateException("Orbit server not bound");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** The open Orbit connections (a live view; closed ones leave it by themselves). */
    public ChannelGroup connections() {
        return connections;
    }

    /** Number of open Orbit connections. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops reading on every open connection and closes it once the replies already written to it have
     * been flushed (replies the core gives later are dropped); for
     * graceful shutdown after the core has answered what it could. A connection whose reader never
     * drains stays open, so callers wait on the returned future with a timeout ({@code shutdown.drain}).
     *
     * @return completes when the connections open at this call are closed
     */
    public ChannelGroupFuture closeConnections() {
        ChannelGroupFuture closed = connections.newCloseFuture();
        for (Channel ch : connections) {
            ch.pipeline().fireUserEventTriggered(OrbitRequestHandler.CLOSE_AFTER_FLUSH);
        }
        return closed;
    }

    /** Stops accepting connections (open ones are unaffected) without waiting; any thread. */
    public void closeListener() {
        Channel ch = listener;
        if (ch != null) {
            ch.close();
        }
    }

    /** Stops accepting connections (open ones are unaffected); blocks until the listener is closed. */
    @Override
    public void close() {
        Channel ch = listener;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }
}
