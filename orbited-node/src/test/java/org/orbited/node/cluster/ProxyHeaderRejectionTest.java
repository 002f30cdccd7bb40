package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.slf4j.LoggerFactory;

/**
 * Bad PROXY input on both listeners (HTTP and Orbit port) of a node with {@code proxy_from = 127.0.0.1}: each connection is closed with
 * one WARN naming its reason and the peer, and a client through a well-behaved relay keeps being served.
 */
class ProxyHeaderRejectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RunningNode node;
    private static ProxyingRelay good;
    private static ProxyingRelay goodApp;
    private static SseClient served;
    private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        logged.start();
        ((Logger) LoggerFactory.getLogger(RouteAdmission.class)).addAppender(logged);
        node = ClusterSeamTest.clusterNode();
        good = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
        goodApp = new ProxyingRelay(node.orbitPort(), ClusterSeamTest.APP_BASE);
        served = SseClient.open(good.port(), "/loc?user=steady&transport=sse");
        node.awaitConnections("steady", "0", "/loc", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        served.close();
        good.close();
        goodApp.close();
        node.close();
        ((Logger) LoggerFactory.getLogger(RouteAdmission.class)).detachAppender(logged);
    }

    /** The two listeners, each with its own route base and a request of its own protocol. */
    enum Listener {
        HTTP(ClusterSeamTest.BROWSER_BASE, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
        ORBIT(ClusterSeamTest.APP_BASE, "Orbit 1.0\r\nEvent\r\nid: 1\r\nrecipient: steady, 0, /loc\r\nlength: 2\r\n\r\n\"\"");

        final int routeBase;
        final String request;

        Listener(int routeBase, String request) {
            this.routeBase = routeBase;
            this.request = request;
        }

        int port() {
            return this == HTTP ? node.httpPort() : node.orbitPort();
        }

        String logName() {
            return this == HTTP ? "HTTP" : "Orbit";
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(Listener.values()).flatMap(l -> {
            byte[] v2 = ProxyV2.header(l.routeBase);
            byte[] oversized = ProxyV2.header(40000, l.routeBase, RouteAdmission.MAX_TLV_BYTES + 1000);
            return Stream.of(
                    Arguments.of(l, "garbage", "127.0.0.1",
                            "\u0000\u00ffgarbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), ProxyRejection.NO_HEADER),
                    Arguments.of(l, "no header", "127.0.0.1", l.request.getBytes(StandardCharsets.US_ASCII),
                            ProxyRejection.NO_HEADER),
                    Arguments.of(l, "truncated, held open", "127.0.0.1", Arrays.copyOf(v2, 20),
                            ProxyRejection.HEADER_TIMEOUT),
                    Arguments.of(l, "v1 header", "127.0.0.1", ("PROXY TCP4 192.0.2.7 127.0.0.1 40000 " + l.routeBase
                            + "\r\n" + l.request).getBytes(StandardCharsets.US_ASCII), ProxyRejection.V1_HEADER),
                    Arguments.of(l, "oversized TLVs", "127.0.0.1", oversized, ProxyRejection.INVALID_HEADER),
                    Arguments.of(l, "port outside the routes", "127.0.0.1", ProxyV2.header(9999),
                            ProxyRejection.NO_ROUTE),
                    Arguments.of(l, "the other side's route port", "127.0.0.1",
                            ProxyV2.header(l == Listener.HTTP ? ClusterSeamTest.APP_BASE : ClusterSeamTest.BROWSER_BASE),
                            ProxyRejection.NO_ROUTE),
                    Arguments.of(l, "header from a non-proxy source", "127.0.0.2", v2,
                            ProxyRejection.NOT_A_PROXY_SOURCE));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badInputs")
    void closedWithItsReasonWhileOthersAreServed(Listener listener, String name, String source, byte[] bytes,
                                                 ProxyRejection reason) throws Exception {
        int before = logged.list.size();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()));
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.readAllBytes()).as("nothing answered before the close").isEmpty();
            int port = s.getLocalPort();
            Awaitility.await().atMost(WAIT).until(() -> logged.list.size() > before);
            assertThat(logged.list.subList(before, logged.list.size())).as("one WARN for this connection")
                    .singleElement().satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                        assertThat(e.getFormattedMessage())
                                .startsWith("closed " + listener.logName() + " connection from /" + source + ":" + port + ": ")
                                .contains(reason.text());
                    });
        }
        // a client through the relay is still served
        try (org.orbited.node.testing.OrbitTestClient app = new org.orbited.node.testing.OrbitTestClient(goodApp.port())) {
            app.send("\"after " + listener + " " + name + "\"", "steady, 0, /loc");
            assertThat(app.reply(WAIT)).startsWith("Success");
        }
        served.awaitMessage(m -> m.isEvent() && ("\"after " + listener + " " + name + "\"").equals(m.data()), "the event", WAIT);
    }
}
