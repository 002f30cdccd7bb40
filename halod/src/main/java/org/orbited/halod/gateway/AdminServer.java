package org.orbited.halod.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;

/** The admin HTTP port (default 7701): pipeline wiring only; {@link AdminHandler} holds the behaviour. */
final class AdminServer {
    /** Longest request line, header block and body the admin port accepts. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 4096;

    private Channel listener;

    int bind(EventLoopGroup group, TransportKind kind, String address, int port, ClusterController controller,
             EventLoop controlLoop, GatewayConfig config, RelayTracker relay)
            throws ListenerBindException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(kind.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(30));
                        ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                        ch.pipeline().addLast(new AdminHandler(controller, controlLoop, config, relay));
                    }
                });
        listener = ListenerBindException.bind(b, address, port, "the admin", "admin.port");
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
