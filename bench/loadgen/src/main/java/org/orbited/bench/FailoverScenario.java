package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Browsers that come back: N SSE connections (spread over a HaloD gateway's route ports with {@code --route-ports}),
 * each reconnecting to its route port {@code --retry-ms} after any close or failed connect, for at most
 * {@code --duration} s or until {@code --stop-file} exists. Every time a connection that was up is up again, one
 * line {@code RECONNECT index dropEpochMicros upEpochMicros attempts} goes to {@code --events} (flushed at once),
 * so an outside driver (bench/halod) can match drops to the kills it made. Single process, event loop threads only;
 * attempts per drop are bounded by {@code --max-attempts} (then the connection gives up, counted as {@code gave_up}).
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "N SSE browsers that reconnect after every close; writes drop/up times for a kill driver.")
public final class FailoverScenario extends ScenarioCommand {
    @Option(names = "--connections", defaultValue = "300", description = "Browsers (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "600", description = "Longest run in seconds (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--stop-file", description = "The run ends as soon as this file exists.")
    Path stopFile;

    @Option(names = "--events", required = true, description = "File of RECONNECT lines, written as they happen.")
    Path events;

    @Option(names = "--retry-ms", defaultValue = "20", description = "Delay before each reconnect attempt (default ${DEFAULT-VALUE}).")
    int retryMs;

    @Option(names = "--max-attempts", defaultValue = "2000", description = "Attempts per drop at most (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    private final AtomicInteger up = new AtomicInteger();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong attemptsTotal = new AtomicLong();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private volatile boolean stopping;
    private PrintWriter out;
    private Net net;
    private Endpoints ep;
    private String prefix;

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String transport() {
        return "sse";
    }

    @Override
    public Map<String, Object> run() throws Exception {
        ep = common.endpoints();
        prefix = common.userPrefix("f");
        Map<String, Object> m = new LinkedHashMap<>();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(events, StandardCharsets.US_ASCII));
             Net n = new Net(common.ioThreads)) {
            out = w;
            net = n;
            for (int i = 0; i < connections; i++) {
                connect(new Browser(i));
            }
            long end = System.nanoTime() + (long) (duration * 1e9);
            while (System.nanoTime() < end && (stopFile == null || !Files.exists(stopFile))) {
                Thread.sleep(50); // polling the stop file; the run is bounded by --duration
            }
            stopping = true;
            m.put("connections", connections);
            m.put("up_at_end", up.get());
            m.put("reconnects", reconnects.get());
            m.put("attempts", attemptsTotal.get());
            m.put("gave_up", gaveUp.get());
        }
        return m;
    }

    private static long epochMicros() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    private void connect(Browser b) {
        if (stopping) {
            return;
        }
        b.attempts++;
        attemptsTotal.incrementAndGet();
        String user = prefix + b.index;
        net.bootstrap().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new Attempt(b, user));
            }
        }).connect(new InetSocketAddress(ep.host(), ep.browserPort(user)), Net.sourceAddress(b.index, common.perSource))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        retry(b);
                    }
                });
    }

    private void retry(Browser b) {
        if (stopping) {
            return;
        }
        if (b.attempts >= maxAttempts) {
            gaveUp.incrementAndGet();
            return;
        }
        net.group().next().schedule(() -> connect(b), retryMs, TimeUnit.MILLISECONDS);
    }

    /** One browser's state across its connections (touched by one connection at a time). */
    private static final class Browser {
        final int index;
        volatile long droppedAt; // epoch micros of the last drop of an established connection, 0 = never dropped
        volatile int attempts;

        Browser(int index) {
            this.index = index;
        }
    }

    /** One connection attempt: request, wait for the end of the response head, then ignore the stream. */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final Browser b;
        private final String user;
        private boolean established;
        private int crlf;

        Attempt(Browser b, String user) {
            this.b = b;
            this.user = user;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String req = "GET " + ep.subscribePath(Transport.sse, user, b.index, 0) + " HTTP/1.1\r\nHost: "
                    + ep.hostHeader() + "\r\nAccept: text/event-stream\r\n\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                while (!established && buf.isReadable()) {
                    byte c = buf.readByte();
                    crlf = c == '\n' ? crlf + 1 : (c == '\r' ? crlf : 0);
                    if (crlf == 2) {
                        established = true;
                        up.incrementAndGet();
                        if (b.droppedAt != 0) {
                            reconnects.incrementAndGet();
                            line("RECONNECT " + b.index + " " + b.droppedAt + " " + epochMicros() + " " + b.attempts);
                        }
                        b.attempts = 0;
                    }
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (established) {
                up.decrementAndGet();
                b.droppedAt = epochMicros();
            }
            retry(b);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
