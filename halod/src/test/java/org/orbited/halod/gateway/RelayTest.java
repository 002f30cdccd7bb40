package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.epoll.Epoll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.halod.link.LinkClient;

/** The relay data plane against real TCP backends that decode PROXY v2 with Netty's decoder. */
class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T t) {
        open.add(t);
        return t;
    }

    private RunningGateway gateway(Map<String, String> extra) throws Exception {
        Map<String, String> keys = new java.util.HashMap<>(Map.of("heartbeat_ms", "200", "miss_limit", "25",
                "fence_ms", "4000"));
        keys.putAll(extra);
        return keep(RunningGateway.start(dir, 4, keys));
    }

    private LinkClient node(RunningGateway g, String name, ProxyEchoBackend browser, ProxyEchoBackend app,
                            RecordingNode rec, int routes) {
        LinkClient c = keep(g.client(name, browser.address(), app.address(), rec));
        await().atMost(WAIT).until(() -> rec.owned().size() == routes);
        return c;
    }

    @ParameterizedTest(name = "splice={0}")
    @ValueSource(strings = {"0", "1"})
    void bytesPassIntactBothWaysWithTheProxyHeaderFirst(String splice) throws Exception {
        Assumptions.assumeTrue(splice.equals("0") || Epoll.isAvailable(), "splice needs epoll");
        RunningGateway g = gateway(Map.of("relay.splice", splice));
        ProxyEchoBackend browser = keep(new ProxyEchoBackend(0));
        ProxyEchoBackend app = keep(new ProxyEchoBackend(0));
        node(g, "orb-a", browser, app, new RecordingNode(), 4);

        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        try (Socket s = new Socket("127.0.0.1", g.browserPort(3))) {
            s.setSoTimeout(15_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readNBytes(data.length);
            writer.join(15_000);
            assertThat(Arrays.equals(back, data)).as("echoed bytes equal").isTrue();
            assertThat(browser.headers).containsExactly(new ProxyEchoBackend.Header("127.0.0.1", s.getLocalPort(),
                    "127.0.0.1", g.browserPort(3)));
        }
        try (Socket s = new Socket("127.0.0.1", g.appPort(2))) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            assertThat(app.headers).containsExactly(new ProxyEchoBackend.Header("127.0.0.1", s.getLocalPort(),
                    "127.0.0.1", g.appPort(2)));
        }
    }

    @ParameterizedTest(name = "splice={0}")
    @ValueSource(strings = {"0", "1"})
    void halfCloseIsPropagatedBothWays(String splice) throws Exception {
        Assumptions.assumeTrue(splice.equals("0") || Epoll.isAvailable(), "splice needs epoll");
        RunningGateway g = gateway(Map.of("relay.splice", splice));
        ProxyEchoBackend backend = keep(new ProxyEchoBackend(0));
        node(g, "orb-a", backend, backend, new RecordingNode(), 4);
        try (Socket s = new Socket("127.0.0.1", g.browserPort(1))) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // FIN to the gateway: the backend must see EOF and still be able to answer
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("helloEOF-SEEN"); // readAllBytes returns at the backend's FIN
        }
    }

    @Test
    void aSlowReaderStopsTheGatewayReadingFromTheNode() throws Exception {
        RunningGateway g = gateway(Map.of());
        long total = 64L * 1024 * 1024;
        ProxyEchoBackend flood = keep(new ProxyEchoBackend(total));
        node(g, "orb-a", flood, flood, new RecordingNode(), 4);
        try (Socket s = new Socket("127.0.0.1", g.browserPort(1))) {
            s.setSoTimeout(15_000);
            await().atMost(WAIT).until(() -> flood.flooded.get() > 0);
            // the client reads nothing: the gateway must stop reading from the node instead of buffering it all
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> g.status().get("relay").get("bytesOut").asLong() < 24L * 1024 * 1024);
            assertThat(flood.flooded.get()).isLessThan(total);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[FloodData.CHUNK];
            long read = 0;
            while (read < total) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                for (int i = 0; i < n; i++) {
                    if (buf[i] != FloodData.at(read + i)) {
                        throw new AssertionError("byte " + (read + i) + " differs");
                    }
                }
                read += n;
            }
        }
    }

    @Test
    void aFailedNodesRelayedSocketsCloseAtOnceAndAMovedRoutesAfterTheDeadline() throws Exception {
        RunningGateway g = gateway(Map.of("move.deadline_ms", "300"));
        ProxyEchoBackend a = keep(new ProxyEchoBackend(0));
        ProxyEchoBackend b = keep(new ProxyEchoBackend(0));
        node(g, "orb-a", a, a, new RecordingNode(), 4);
        Socket onMoved = keep(connected(g.browserPort(4)));
        Socket onKept = keep(connected(g.browserPort(1)));
        RecordingNode rb = new RecordingNode();
        LinkClient cb = node(g, "orb-b", b, b, rb, 2); // takes routes 4 and 3 from orb-a
        assertThat(eofWithin(onMoved)).as("route 4, still paired with orb-a after the deadline, is closed").isTrue();
        echoes(onKept);
        Socket onB = keep(connected(g.browserPort(4)));
        await().atMost(WAIT).until(() -> b.headers.size() == 1);
        cb.close(); // orb-b leaves without a drain: a failure
        assertThat(eofWithin(onB)).as("orb-b's relayed socket closes with its failure").isTrue();
        echoes(onKept);
    }

    @Test
    void connectionsBeyondTheBudgetAreRefused() throws Exception {
        RunningGateway g = gateway(Map.of("relay.max_connections", "1"));
        ProxyEchoBackend a = keep(new ProxyEchoBackend(0));
        node(g, "orb-a", a, a, new RecordingNode(), 4);
        Socket first = keep(connected(g.browserPort(1)));
        Socket second = keep(new Socket("127.0.0.1", g.browserPort(2)));
        second.setSoTimeout(15_000);
        assertThat(eofWithin(second)).isTrue();
        echoes(first);
        assertThat(g.status().get("relay").get("refused").asLong()).isEqualTo(1);
    }

    private static Socket connected(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(15_000);
        echoes(s);
        return s;
    }

    private static void echoes(Socket s) throws IOException {
        s.getOutputStream().write('x');
        assertThat(s.getInputStream().read()).isEqualTo('x');
    }

    private static boolean eofWithin(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    @SuppressWarnings("unused")
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
