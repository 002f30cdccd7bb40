package org.orbited.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.orbited.client.OrbitClient;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;

/**
 * Throughput of ONE {@link OrbitClient} against a running node: {@code --threads} application threads call
 * {@code send} as fast as the client lets them (it blocks them at {@code maxInFlight}), every future is
 * checked, and the run prints events/s, replies matched, failed and lost, and the client process's CPU per
 * event. Starts nothing but the client (and, with {@code --sse-port}, one raw SSE subscriber): point it at a
 * node you started, pinned as you like. Bounded by {@code --events} and {@code --max-time}.
 *
 * <p>With one thread on one connection, request {@code n} (from 1) must come back as reply id {@code n}: a
 * result whose id differs counts as {@code mismatched}, so "matched" really means each reply reached the
 * future of the request it answers.
 *
 * <pre>
 * java -cp bench/jmh/target/benchmarks.jar org.orbited.bench.jmh.ClientThroughput --port 19610 [options]
 *   --host H (127.0.0.1)  --events N (3000000)  --warmup N (300000)  --max-time S (60)
 *   --recipient R (/bench/client, a channel)  --body-size B (64)  --max-in-flight W (1000)  --threads T (1)
 *   --sse-port P: also hold one SSE subscriber of the channel on the node's HTTP port P
 * </pre>
 */
public final class ClientThroughput {
    private final LongAdder ok = new LongAdder();
    private final LongAdder failedRecipients = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder mismatched = new LongAdder();
    private final AtomicLong completed = new AtomicLong();
    private volatile Throwable firstError;

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        long events = 3_000_000;
        long warmup = 300_000;
        double maxTime = 60;
        String recipient = "/bench/client";
        int bodySize = 64;
        int window = 1000;
        int threads = 1;
        int ssePort = -1;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--events" -> events = Long.parseLong(v);
                case "--warmup" -> warmup = Long.parseLong(v);
                case "--max-time" -> maxTime = Double.parseDouble(v);
                case "--recipient" -> recipient = v;
                case "--body-size" -> bodySize = Integer.parseInt(v);
                case "--max-in-flight" -> window = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--sse-port" -> ssePort = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class comment)");
            }
            i++;
        }
        if (port < 0) {
            throw new IllegalArgumentException("--port (the node's Orbit port) is required");
        }
        if (maxTime <= 0 || maxTime > 600 || events < 1 || threads < 1) {
            throw new IllegalArgumentException("need 0 < --max-time <= 600, --events >= 1, --threads >= 1");
        }
        byte[] body = Payloads.ascii(bodySize);
        List<Recipient> to = List.of(Recipient.parse(recipient));
        SseDrain sse = ssePort > 0 ? SseDrain.open(host, ssePort, recipient) : null;
        try (OrbitClient client = OrbitClient.builder().host(host).port(port).maxInFlight(window)
                .requestTimeout(Duration.ofSeconds(35)).build()) {
            client.connect();
            long deadline = System.nanoTime() + (long) (maxTime * 1e9);
            long warmed = 0;
            if (warmup > 0) {
                warmed = new ClientThroughput().run(client, to, body, warmup, threads, deadline, threads == 1 ? 1 : -1);
            }
            ClientThroughput m = new ClientThroughput();
            long sseBefore = sse == null ? 0 : sse.events.get();
            long cpu0 = cpuNanos();
            long switches0 = contextSwitches();
            AllocationMeter meter = new AllocationMeter();
            meter.start();
            long t0 = System.nanoTime();
            long sent = m.run(client, to, body, events, threads, deadline, threads == 1 ? warmed + 1 : -1);
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            long switches1 = contextSwitches();
            long allocated = meter.stop();
            long done = m.completed.get();
            double secs = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT, "client-throughput: recipient=%s body=%dB threads=%d max_in_flight=%d%n",
                    recipient, bodySize, threads, window);
            System.out.printf(Locale.ROOT, "  sent=%d in %.2f s (until the last reply), after a warmup of %d%n", sent,
                    secs, warmed);
            System.out.printf(Locale.ROOT, "  events/s=%.0f%n", done / secs);
            System.out.printf(Locale.ROOT, "  replies matched=%d (ok=%d, with failed recipients=%d) mismatched=%d"
                    + " errors=%d lost=%d%n", m.ok.sum() + m.failedRecipients.sum(), m.ok.sum(),
                    m.failedRecipients.sum(), m.mismatched.sum(), m.errors.sum(), sent - done);
            System.out.printf(Locale.ROOT, "  client cpu ns/event=%.0f (process CPU %.2f s over %.2f s wall)%n",
                    (cpu1 - cpu0) / (double) Math.max(done, 1), (cpu1 - cpu0) / 1e9, secs);
            System.out.printf(Locale.ROOT, "  allocated B/event=%.0f (whole JVM, this runner's callback included)%n",
                    allocated / (double) Math.max(done, 1));
            if (switches0 >= 0 && switches1 >= 0) {
                System.out.printf(Locale.ROOT, "  context switches/event=%.3f (threads alive at the end, Linux)%n",
                        (switches1 - switches0) / (double) Math.max(done, 1));
            }
            if (sse != null) {
                System.out.printf(Locale.ROOT, "  sse subscriber events=%d%n", sse.events.get() - sseBefore);
            }
            if (m.firstError != null) {
                System.out.println("  first error: " + m.firstError);
            }
        } finally {
            if (sse != null) {
                sse.close();
            }
        }
    }

    /**
     * Sends {@code n} events from {@code threads} threads and waits for their replies; returns how many were sent
     * before the deadline. {@code firstId} is the reply id the first event must get (one thread), or -1 (no check).
     */
    private long run(OrbitClient client, List<Recipient> to, byte[] body, long n, int threads, long deadline,
            long firstId) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long[] sentBy = new long[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                long i;
                long mine = 0;
                while ((i = next.getAndIncrement()) < n) {
                    if ((i & 1023) == 0 && System.nanoTime() > deadline) {
                        break;
                    }
                    long expected = firstId > 0 ? firstId + i : -1;
                    client.send(to, body).whenComplete((r, e) -> record(r, e, expected));
                    mine++;
                }
                sentBy[me] = mine;
            }, "app-sender-" + t);
            ts[t].start();
        }
        long sent = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            sent += sentBy[t];
        }
        awaitReplies(sent, Duration.ofSeconds(10));
        return sent;
    }

    private void record(SendResult r, Throwable e, long expectedId) {
        if (e != null) {
            errors.increment();
            if (firstError == null) {
                firstError = e;
            }
        } else {
            if (expectedId > 0 && !r.id().equals(Long.toString(expectedId))) {
                mismatched.increment();
            }
            if (r.ok()) {
                ok.increment();
            } else {
                failedRecipients.increment();
            }
        }
        completed.incrementAndGet();
    }

    private void awaitReplies(long sent, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (completed.get() < sent && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }

    /** Voluntary plus involuntary context switches of this process's live threads, or -1 off Linux. */
    private static long contextSwitches() {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return -1;
        }
        long sum = 0;
        for (java.io.File t : tasks) {
            try {
                for (String line : java.nio.file.Files.readAllLines(new java.io.File(t, "status").toPath())) {
                    if (line.contains("ctxt_switches:")) {
                        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return sum;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One SSE subscriber of the channel: reads and counts {@code data:} lines on a daemon thread. */
    static final class SseDrain implements AutoCloseable {
        final AtomicLong events = new AtomicLong();
        private final Socket socket;

        private SseDrain(Socket socket) {
            this.socket = socket;
        }

        static SseDrain open(String host, int httpPort, String channel) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, httpPort), 5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /bench?user=client-bench&session=0&transport=sse&channel=" + channel + " HTTP/1.1\r\nHost: "
                    + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SseDrain d = new SseDrain(s);
            Thread t = new Thread(d::drain, "sse-subscriber");
            t.setDaemon(true);
            t.start();
            return d;
        }

        private void drain() {
            byte[] buf = new byte[65536];
            int state = 0; // how much of "\ndata:" has matched
            byte[] token = "\ndata:".getBytes(StandardCharsets.US_ASCII);
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        state = buf[i] == token[state] ? state + 1 : (buf[i] == '\n' ? 1 : 0);
                        if (state == token.length) {
                            events.incrementAndGet();
                            state = 0;
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
