package org.orbited.bench;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;

/** Opens subscriber {@code i} of a {@link PoolSpec}: the protocol client for the server and transport. */
final class Subscribers {
    /** Largest aggregated HTTP response (long-poll and Bayeux replies). */
    static final int MAX_RESPONSE = 1 << 20;

    private Subscribers() {
    }

    static ChannelFuture connect(Net net, PoolSpec spec, int i, Tally tally) {
        Endpoints ep = spec.endpoints();
        int k = i % spec.channels();
        DeliveryScanner scanner = new DeliveryScanner(spec.sampled(i) ? new SampleTracker(tally) : null);
        String user = spec.userPrefix() + i;
        ChannelHandler handler = handler(spec.transport(), ep, user, i, k, scanner, tally);
        boolean codec = !(handler instanceof RawHttpSubscriber);
        return net.bootstrap().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (codec) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE));
                }
                ch.pipeline().addLast(handler);
            }
        }).connect(new InetSocketAddress(ep.host(), ep.browserPort(user)), Net.sourceAddress(i, spec.perSource()));
    }

    static ChannelHandler handler(Transport t, Endpoints ep, String user, int i, int k, DeliveryScanner scanner,
                                  Tally tally) {
        String path = ep.subscribePath(t, user, i, k);
        return switch (t) {
            case sse -> new SseSubscriber(tally, scanner, ep, path);
            case websocket -> new WebSocketSubscriber(tally, scanner, ep, path);
            case xhr_stream -> new XhrStreamSubscriber(tally, scanner, ep, path);
            case long_poll -> ep.server() == Server.nchan ? new NchanLongPollSubscriber(tally, scanner, ep, path)
                    : new OrbitedLongPollSubscriber(tally, scanner, ep, path);
            case bayeux_long_polling -> new BayeuxLongPollSubscriber(tally, scanner, ep, ep.channel(k), null);
            case bayeux_websocket -> new BayeuxWebSocketSubscriber(tally, scanner, ep, ep.channel(k));
        };
    }
}
