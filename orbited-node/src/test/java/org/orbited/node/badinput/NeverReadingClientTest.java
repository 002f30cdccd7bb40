package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.RawWebSocket;
import org.orbited.node.testing.RunningNode;

/**
 * A client that sends requests or frames that each get an answer, as fast as it can, and never reads the answers
 * (issue 10 item 1). The node must stop reading it instead of queueing answers: the largest write backlog of any
 * browser connection ({@code http.largest_write_backlog_bytes} in {@code /_/status}) stays small while it floods,
 * and the well-behaved browser and application are served meanwhile and after.
 */
class NeverReadingClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most status samples taken while a flood runs (each is a full HTTP exchange: no sleeping between them). */
    private static final int MAX_SAMPLES = 5000;
    /**
     * How long the flood must make no progress to count as stopped by the node (which reads it all, however slowly,
     * when it does not stop reading). Only ends the sampling early; the bound asserted does not depend on it.
     */
    private static final Duration STALLED = Duration.ofSeconds(3);

    @Test
    void twentyThousandPipelinedGetsOfOrbitedJsCostTheNodeAboutOneResponse() throws IOException {
        byte[] get = "GET /_/orbited.js HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[get.length * 20_000];
        for (int i = 0; i < 20_000; i++) {
            System.arraycopy(get, 0, all, i * get.length, get.length);
        }
        try (RunningNode node = RunningNode.start(b -> b);
             WellBehavedPeers peers = new WellBehavedPeers(node);
             Socket flood = smallReceiveBuffer(node.httpPort())) {
            Flood f = Flood.start(flood, all);
            long largest = sampleBacklog(node, peers, f);
            // orbited.js is about 17 KB: one response in flight, not one per request
            assertThat(largest).as("largest write backlog of a browser connection during the flood (bytes; "
                    + "the flood had written %s of %s bytes)", f.sent.get(), all.length).isLessThan(64 * 1024);
            peers.assertStillServed(List.of());
        }
    }

    /** A WebSocket client that sends pings (each answered with a pong) and never reads, on both WebSocket kinds. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/ws?user=p&session=s", "/cometd"})
    void aWebSocketClientSendingPingsAndNeverReadingIsNoLongerRead(String path) {
        byte[] ping = new byte[2 + 4 + 125];
        ping[0] = (byte) 0x89;
        ping[1] = (byte) (0x80 | 125); // masked (mask 0000: the payload as is), 125 bytes
        Arrays.fill(ping, 6, ping.length, (byte) 'p');
        byte[] all = new byte[ping.length * 50_000];
        for (int i = 0; i < 50_000; i++) {
            System.arraycopy(ping, 0, all, i * ping.length, ping.length);
        }
        try (RunningNode node = RunningNode.start(b -> b);
             WellBehavedPeers peers = new WellBehavedPeers(node);
             RawWebSocket ws = RawWebSocket.open(node.httpPort(), path, 4096)) {
            Flood f = Flood.start(ws.output(), all);
            long largest = sampleBacklog(node, peers, f);
            // The pongs stop at the channel's high water mark (256 KiB) plus the answers to one socket read.
            assertThat(largest).as("largest write backlog of a browser connection during the flood (bytes; "
                    + "the flood had written %s of %s bytes)", f.sent.get(), all.length).isLessThan(1024 * 1024);
            peers.assertStillServed(List.of());
        }
    }

    /**
     * Samples the largest backlog until the flood is over (all written, or no progress for {@link #STALLED} samples:
     * the node stopped reading it) and a few samples more, serving the good peers now and then.
     */
    private static long sampleBacklog(RunningNode node, WellBehavedPeers peers, Flood f) {
        long largest = 0;
        long lastSent = -1;
        long progressAt = System.nanoTime();
        int after = 0;
        for (int i = 0; i < MAX_SAMPLES && after < 10; i++) {
            JsonNode status = status(peers);
            assertThat(status.path("http").has("largest_write_backlog_bytes")).as("status %s", status).isTrue();
            largest = Math.max(largest, status.path("http").path("largest_write_backlog_bytes").asLong());
            if (i % 50 == 49) {
                peers.assertStillServed(List.of());
            }
            long sent = f.sent.get();
            if (sent != lastSent) {
                lastSent = sent;
                progressAt = System.nanoTime();
            }
            if (f.done.get() || System.nanoTime() - progressAt > STALLED.toNanos()) {
                after++;
            }
        }
        return largest;
    }

    private static JsonNode status(WellBehavedPeers peers) {
        try {
            return JSON.readTree(peers.statusJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket smallReceiveBuffer(int port) {
        try {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bytes on a daemon thread until done or the socket fails (the test closes it at the end). */
    private record Flood(AtomicLong sent, AtomicBoolean done) {
        static Flood start(Socket s, byte[] bytes) {
            try {
                return start(s.getOutputStream(), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Flood start(OutputStream out, byte[] bytes) {
            Flood f = new Flood(new AtomicLong(), new AtomicBoolean());
            Thread t = new Thread(() -> {
                try {
                    for (int off = 0; off < bytes.length; off += 8192) {
                        int n = Math.min(8192, bytes.length - off);
                        out.write(bytes, off, n);
                        f.sent.addAndGet(n);
                    }
                    out.flush();
                } catch (IOException closed) {
                    // the node closed the connection, or the test did
                } finally {
                    f.done.set(true);
                }
            }, "flood");
            t.setDaemon(true);
            t.start();
            return f;
        }
    }
}
