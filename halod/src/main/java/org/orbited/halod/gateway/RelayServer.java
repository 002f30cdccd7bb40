package org.orbited.halod.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.orbited.halod.core.RoutePorts;

/**
 * The relay data plane's listeners: N browser route ports and N app route ports on {@code bind}, each accepted
 * socket handed to a {@link RelayAcceptHandler} for its route. The owner snapshot is read per accept through
 * {@link #publish}/{@link #targets()} (a volatile reference to an immutable {@link RelayTargets}).
 *
 * <p>{@link #bind} blocks until every port is bound and throws {@link ListenerBindException} naming the first port
 * that failed; {@link #close} unbinds all. Relayed connections' write buffers are bounded at 64 KiB/128 KiB water
 * marks per direction.
 */
final class RelayServer {
    private final RoutePorts ports;
    private final String bind;
    private final EventLoopGroup group;
    private final RelayTracker tracker;
    private final RelaySettings settings;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile RelayTargets targets = RelayTargets.NONE;

    RelayServer(RoutePorts ports, String bind, EventLoopGroup group, RelayTracker tracker, RelaySettings settings) {
        this.ports = ports;
        this.bind = bind;
        this.group = group;
        this.tracker = tracker;
        this.settings = settings;
    }

    /** Publishes a new owner snapshot: accepts from now on use it. */
    void publish(RelayTargets next) {
        targets = next;
    }

    RelayTargets targets() {
        return targets;
    }

    RelayTracker tracker() {
        return tracker;
    }

    void bind() throws ListenerBindException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(settings.kind().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int port = ((InetSocketAddress) ch.localAddress()).getPort();
                        int r = ports.routeOfBrowserPort(port);
                        boolean browser = r != 0;
                        if (!browser) {
                            r = ports.routeOfAppPort(port);
                        }
                        ch.pipeline().addLast(new RelayAcceptHandler(r, browser, RelayServer.this::targets, tracker,
                                settings));
                    }
                });
        if (settings.splice()) {
            levelTriggered(b);
        }
        for (int r = 1; r <= ports.routes(); r++) {
            listen(b, ports.browserPort(r), "browser route " + r, "browser.base");
            listen(b, ports.appPort(r), "app route " + r, "app.base");
        }
    }

    @SuppressWarnings("deprecation")
    private static void levelTriggered(ServerBootstrap b) {
        b.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
    }

    private void listen(ServerBootstrap b, int port, String what, String key)
            throws ListenerBindException, InterruptedException {
        listeners.add(ListenerBindException.bind(b, bind, port, what, key));
    }

    /** Unbinds every route port (relayed connections stay until {@link #closeAll}). */
    void close() {
        listeners.forEach(Channel::close);
        listeners.clear();
    }
}
