package org.orbited.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JVM + Netty floor (bench/floor/README.md): floor.c's writer job done by Netty on one epoll event loop, with
 * nothing else in the process. {@code run}: N subscribers (floor.c's reader as a child process), C channels, a rate
 * or closed loop; prints JSON with the process CPU per delivery over the publishing window (as bench/loadgen's
 * {@code --cpu-pid}: /proc/self/stat utime+stime, publish start to last delivery), the event loop thread's own CPU,
 * GC, deliveries/s and latency. {@code idle}: N connected subscribers (request read, head written), the process's
 * RSS per connection after a settle time, as bench/loadgen's idle scenario measures a server. Options as floor.c's.
 */
public final class NettyFloor {
    private NettyFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("run") || args[0].equals("idle"))) {
            System.err.println("usage: NettyFloor run|idle --reader PATH [--n N --channels C --rate R ...] (see floor.c)");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>(Map.of("--n", "1000", "--channels", "1", "--rate", "0", "--duration", "5",
                "--warmup", "0", "--batch", "1", "--size", "64", "--sample", "100", "--deadline", "120", "--drain", "30"));
        o.putAll(Map.of("--reader-cpu", "1", "--settle", "5", "--ramp-rate", "0", "--messages", "10000000",
                "--scenario", "custom", "--label", ""));
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        int deadline = Integer.parseInt(o.get("--deadline"));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline * 1000L);
                System.err.println("floor-netty: deadline reached");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        String json = run(args[0], o);
        System.out.print(json);
        if (o.get("--out") != null) {
            Files.writeString(Path.of(o.get("--out")), json);
        }
        System.exit(0);
    }

    private static String run(String mode, Map<String, String> o) throws Exception {
        int n = Integer.parseInt(o.get("--n"));
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Subscribers subscribers = new Subscribers();
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SubscriberHandler(subscribers));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        EventLoop loop = server.eventLoop();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        long rss0 = statusKb("VmRSS");
        double rampRate = Double.parseDouble(o.get("--ramp-rate"));
        try (ReaderProcess reader = new ReaderProcess(o.get("--reader"), n, port, Integer.parseInt(o.get("--reader-cpu")),
                Integer.parseInt(o.get("--sample")), Integer.parseInt(o.get("--deadline")) + 30, rampRate)) {
            reader.awaitReady();
            if (loop.submit(subscribers::size).get() != n) {
                throw new IOException("joined " + subscribers.size() + " of " + n);
            }
            if (mode.equals("idle")) {
                Thread.sleep((long) (Double.parseDouble(o.get("--settle")) * 1000));
                long rss1 = statusKb("VmRSS");
                subscribers.stopping();
                return Json.idle(o, n, rss0, rss1);
            }
            String json = delivery(o, n, loop, server, subscribers, reader);
            subscribers.stopping();
            return json;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static String delivery(Map<String, String> o, int n, EventLoop loop, Channel server, Subscribers subscribers,
                                   ReaderProcess reader) throws Exception {
        int channels = Integer.parseInt(o.get("--channels"));
        Channel[][] byChannel = loop.submit(() -> subscribers.byChannel(channels)).get();
        long[] seq = new long[channels];
        double rate = Double.parseDouble(o.get("--rate"));
        long max = Long.parseLong(o.get("--messages"));
        int batch = Integer.parseInt(o.get("--batch"));
        int size = Integer.parseInt(o.get("--size"));
        double drain = Double.parseDouble(o.get("--drain"));
        long warmExpected = 0;
        double warmup = Double.parseDouble(o.get("--warmup"));
        if (warmup > 0) {
            Publisher w = new Publisher(loop, server.alloc(), subscribers, byChannel, seq, rate, max, warmup, batch, size)
                    .start();
            warmExpected = w.done.get().expected;
            reader.expect(warmExpected, drain);
        }
        reader.mark();
        long loopThread = loop.submit(() -> Thread.currentThread().getId()).get();
        var threads = ManagementFactory.getThreadMXBean();
        long k0 = ksoftirqdNanos();
        long[] cpu0 = procCpuNanos();
        long loop0 = threads.getThreadCpuTime(loopThread);
        long[] gc0 = gc();
        long t0 = System.nanoTime();
        Publisher p = new Publisher(loop, server.alloc(), subscribers, byChannel, seq, rate, max,
                Double.parseDouble(o.get("--duration")), batch, size).start();
        p.done.get();
        long flushed = System.nanoTime();
        String r = reader.expect(warmExpected + p.expected, drain);
        long[] cpu1 = procCpuNanos(); // the writer is idle while the reader drains: same CPU as at drain end
        long loop1 = threads.getThreadCpuTime(loopThread);
        long[] gc1 = gc();
        return Json.delivery(o, n, p, t0, flushed, r, cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], loop1 - loop0,
                gc1[0] - gc0[0], gc1[1] - gc0[1], ksoftirqdNanos() - k0);
    }

    /** utime and stime of this process in ns, from /proc/self/stat (clock ticks of 1/100 s), as --cpu-pid reads. */
    static long[] procCpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) * 10_000_000L, Long.parseLong(f[12]) * 10_000_000L};
    }

    /** CPU of the ksoftirqd threads in ns: loopback receive work deferred out of the writer (see floor.c). */
    static long ksoftirqdNanos() {
        long sum = 0;
        for (int pid = 1; pid < 4096; pid++) {
            try {
                String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                if (stat.contains("(ksoftirqd/")) {
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                }
            } catch (IOException | RuntimeException absent) {
                // no such process
            }
        }
        return sum;
    }

    static long statusKb(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long[] gc() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    static String started() {
        return Instant.now().toString();
    }
}
