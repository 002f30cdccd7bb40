package org.orbited.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Connects and disconnects per second. {@code sse}: each client connects, waits for the response head, closes and
 * reconnects at once. {@code long-poll} (orbited's long_poll): each client reconnects on a new connection right
 * after each answer, answers being driven by publishes at {@code --rate}. {@code --mass}: all clients connect at
 * once (as after a restart) and the time until every one is established is measured. In this process only.
 */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "Reconnect storms (sse, long-poll) and mass reconnect (--mass): connects per second.")
public final class ChurnScenario extends ScenarioCommand {
    /** Bounded: churn runs in one process, under its file cap. */
    static final int MAX_CLIENTS = 9000;

    @Option(names = "--transport", defaultValue = "sse", converter = TransportConverter.class,
            description = "sse | long-poll (default ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--clients", defaultValue = "100", description = "Clients, at most 9000 (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds of churn (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--rate", defaultValue = "20", description = "long-poll: publishes per second to the channel (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--mass", description = "Connect all clients at once and time it, instead of churning.")
    boolean mass;

    @Override
    public String name() {
        return mass ? "churn-mass" : "churn";
    }

    @Override
    public String transport() {
        return transport.label();
    }

    @Override
    public Map<String, Object> run() throws Exception {
        if (clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("--clients " + clients + " exceeds " + MAX_CLIENTS);
        }
        if (transport != Transport.sse && transport != Transport.long_poll) {
            throw new IllegalArgumentException("churn supports sse and long-poll, not " + transport);
        }
        Tally tally = new Tally();
        Map<String, Object> m = new LinkedHashMap<>();
        try (Net net = new Net(common.ioThreads)) {
            if (mass) {
                common.rampRate = clients * 100; // everything in the first tick
                try (Pools pools = common.pools(net, transport, "u", clients, 1, tally)) {
                    long t0 = System.nanoTime();
                    pools.establish();
                    double s = (System.nanoTime() - t0) / 1e9;
                    PoolReport r = pools.report();
                    m.put("connections", r.established());
                    m.put("mass_connect_s", DeliveryRun.round(s));
                    m.put("connects_per_second", DeliveryRun.round(r.established() / s));
                    m.put("errors", r.errors());
                }
                return m;
            }
            long end = System.nanoTime() + (long) (duration * 1e9);
            long cpu0 = ProcInfo.processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                cycle(net, tally, i, end);
            }
            List<Publisher> pubs = transport == Transport.long_poll
                    ? Publishers.open(net, common.publisherKind(), common.endpoints(), 1, common.endpoints()::channel, tally)
                    : List.of();
            if (!pubs.isEmpty()) {
                new RateDriver(pubs, 1, common.size, 5000).run(rate, Long.MAX_VALUE, end - System.nanoTime());
            } else {
                Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            tally.stopping();
            pubs.forEach(Publisher::close);
            m.put("clients", clients);
            m.put("connects", tally.establishedCount());
            m.put("connects_per_second", DeliveryRun.round(tally.establishedCount() / s));
            if (!pubs.isEmpty()) {
                m.put("deliveries", tally.deliveriesCount());
            }
            m.put("generator_cpu_ns_per_connect", tally.establishedCount() == 0 ? 0.0
                    : DeliveryRun.round((double) (ProcInfo.processCpuNanos() - cpu0) / tally.establishedCount()));
            m.put("errors", tally.errorsCopy());
            Thread.sleep(200); // let the last closes finish before the loop group goes
        }
        return m;
    }

    /** One connection of client i; when it closes, the next one (until {@code end}). */
    private void cycle(Net net, Tally tally, int i, long end) {
        Endpoints ep = common.endpoints();
        String path = ep.subscribePath(transport, common.userPrefix("u") + i, i, 0);
        DeliveryScanner scanner = new DeliveryScanner(null);
        ChannelHandler h = transport == Transport.sse ? new OneHeadSse(tally, scanner, ep, path)
                : new OrbitedLongPollSubscriber(tally, scanner, ep, path, true);
        net.bootstrap().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (transport != Transport.sse) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(Subscribers.MAX_RESPONSE));
                }
                ch.pipeline().addLast(h);
            }
        }).connect(new InetSocketAddress(ep.host(), ep.port()), Net.sourceAddress(i, common.perSource)).addListener(f -> {
            io.netty.channel.Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            if (!f.isSuccess()) {
                tally.error("connect_" + f.cause().getClass().getSimpleName());
            }
            ch.closeFuture().addListener(c -> {
                if (!tally.isStopping() && System.nanoTime() < end) {
                    cycle(net, tally, i, end);
                }
            });
        });
    }

    /** An SSE client that hangs up as soon as the response head arrived. */
    private static final class OneHeadSse extends RawHttpSubscriber {
        OneHeadSse(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
            super(tally, scanner, get(ep, path, "Accept: text/event-stream\r\n"), 200);
        }

        @Override
        protected void onEstablished(ChannelHandlerContext ctx) {
            super.onEstablished(ctx);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // closing is the point
        }
    }
}
