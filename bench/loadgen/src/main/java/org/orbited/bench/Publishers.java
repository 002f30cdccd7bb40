package org.orbited.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Opens publishing connections of the chosen kind and waits (bounded) until each can publish. */
final class Publishers {
    private static final long READY_TIMEOUT_S = 15;

    private Publishers() {
    }

    /** {@code recipients} names target k for Orbit publishing (channels otherwise come from the endpoints). */
    static List<Publisher> open(Net net, String kind, Endpoints ep, int count, IntFunction<String> recipients,
                                Tally tally) throws Exception {
        publisherSource = ep.publisherSource();
        List<Publisher> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            out.add(switch (kind) {
                case "orbit" -> connect(net, ep.host(), ep.orbitPort(), new OrbitPublisher(recipients, tally), false);
                case "nchan" -> connect(net, ep.host(), ep.port(), new NchanPublisher(ep, tally), true);
                case "bayeux" -> bayeux(net, ep, tally);
                default -> throw new IllegalArgumentException("unknown publisher: " + kind + " (orbit, nchan, bayeux)");
            });
        }
        return out;
    }

    private static <H extends ChannelHandler> H connect(Net net, String host, int port, H handler, boolean http) {
        net.bootstrap().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (http) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(Subscribers.MAX_RESPONSE));
                }
                ch.pipeline().addLast(handler);
            }
        }).connect(new InetSocketAddress(host, port), source(net)).syncUninterruptibly();
        return handler;
    }

    private static String publisherSource;

    /** The bound source of publishing connections, or null (the kernel's choice). */
    private static InetSocketAddress source(Net net) {
        return publisherSource == null || publisherSource.isBlank() ? null : new InetSocketAddress(publisherSource, 0);
    }

    /** A session keeper (handshake, then connects) and, once it has its session, the publishing connection. */
    private static Publisher bayeux(Net net, Endpoints ep, Tally tally) throws Exception {
        CompletableFuture<BayeuxLongPollSubscriber> session = new CompletableFuture<>();
        DeliveryScanner none = new DeliveryScanner(null);
        BayeuxLongPollSubscriber keeper = new BayeuxLongPollSubscriber(tally, none, ep, null, session::complete);
        connect(net, ep.host(), ep.port(), keeper, true);
        BayeuxLongPollSubscriber s = session.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
        return connect(net, ep.host(), ep.port(), new BayeuxPublisher(ep, s, tally), true);
    }
}
