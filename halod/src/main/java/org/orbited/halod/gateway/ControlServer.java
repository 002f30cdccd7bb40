package org.orbited.halod.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/**
 * The control port's listener. Its accept loop and every accepted link run on {@code controlGroup}, a
 * one-thread group that is also {@link ClusterController}'s thread: all table changes happen on it.
 * Write buffers are bounded (1 MiB high-water mark; a link that stays unwritable is closed by the controller).
 */
final class ControlServer {
    private final EventLoopGroup controlGroup;
    private final TransportKind kind;
    private Channel listener;

    ControlServer(EventLoopGroup controlGroup, TransportKind kind) {
        this.controlGroup = controlGroup;
        this.kind = kind;
    }

    /** Binds, blocking; the bound port. */
    int bind(String address, int port, ClusterController controller)
            throws ListenerBindException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(controlGroup).channel(kind.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1 << 20))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ControlLinkHandler(controller));
                    }
                });
        listener = ListenerBindException.bind(b, address, port, "the control", "control.port");
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
