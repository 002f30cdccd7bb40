package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.cluster.ProxyRejection;
import org.orbited.node.cluster.RouteAdmission;
import org.slf4j.LoggerFactory;

/**
 * Bad PROXY protocol input on both listeners of a node whose {@code [cluster] proxy_from} is {@value #GATEWAY}
 * (docs/errors.md, "PROXY header rejections"): every case is closed without a byte of answer and with one WARN
 * naming its reason and the peer; a well-formed relayed connection (from {@value #GATEWAY}, Netty's own v2 encoder)
 * is served on both listeners after each, and so are the well-behaved direct browser and application (route 0).
 */
class BadInputProxyHeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GATEWAY = "127.0.0.3";
    private static final String ELSEWHERE = "127.0.0.1";
    private static final int BROWSER_BASE = 24000;
    private static final int APP_BASE = 25000;
    /** Netty's bound on a v2 header with RouteAdmission's 256 TLV bytes: 16 + 216 + 256 (docs/cluster-node.md). */
    private static final int MAX_HEADER_BYTES = 488;
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b -> b.cluster(c -> c.withProxyFrom(List.of(GATEWAY))
            .withBrowserBase(BROWSER_BASE).withAppBase(APP_BASE).withRoutes(4).withProxyHeaderTimeoutMillis(500)));

    enum Listener { HTTP, ORBIT }

    /** {@code bytes} sent from {@code source} to {@code listener}; closed for {@code reason}. */
    record Case(Listener listener, String name, String source, byte[] bytes, ProxyRejection reason) {
        @Override
        public String toString() {
            return listener + ": " + name;
        }
    }

    @BeforeAll
    static void watchLog() {
        LOGGED.start();
        ((Logger) LoggerFactory.getLogger(RouteAdmission.class)).addAppender(LOGGED);
    }

    @AfterAll
    static void stopWatching() {
        ((Logger) LoggerFactory.getLogger(RouteAdmission.class)).detachAppender(LOGGED);
    }

    /** A PROXY v2 header for client 192.0.2.7:40000 and destination {@code port}, written by Netty's encoder. */
    static byte[] v2(int port, List<HAProxyTLV> tlvs) {
        EmbeddedChannel ch = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        ch.writeOutbound(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP4, "192.0.2.7", "127.0.0.1", 40000, port, tlvs));
        ByteBuf out = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (Listener l : Listener.values()) {
            int base = l == Listener.HTTP ? BROWSER_BASE : APP_BASE;
            int otherBase = l == Listener.HTTP ? APP_BASE : BROWSER_BASE;
            String request = l == Listener.HTTP ? "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                    : "Orbit 1.0\r\nEvent\r\nid: 1\r\nrecipient: " + WellBehavedPeers.KEY + "\r\nlength: 2\r\n\r\n\"\"";
            byte[] good = v2(base, List.of());
            c.add(new Case(l, "binary garbage", GATEWAY, "\u0000\u00ff\u00fe junk\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), ProxyRejection.NO_HEADER));
            c.add(new Case(l, "no header: the protocol's own request", GATEWAY,
                    request.getBytes(StandardCharsets.ISO_8859_1), ProxyRejection.NO_HEADER));
            c.add(new Case(l, "truncated header, connection held open", GATEWAY, Arrays.copyOf(good, 20),
                    ProxyRejection.HEADER_TIMEOUT));
            c.add(new Case(l, "v1 (text) header", GATEWAY, ("PROXY TCP4 192.0.2.7 127.0.0.1 40000 " + base + "\r\n"
                    + request).getBytes(StandardCharsets.ISO_8859_1), ProxyRejection.V1_HEADER));
            c.add(new Case(l, "header over its bound (TLVs)", GATEWAY, v2(base, List.of(new HAProxyTLV((byte) 0x04,
                    Unpooled.wrappedBuffer(new byte[MAX_HEADER_BYTES])))),
                    ProxyRejection.INVALID_HEADER));
            c.add(new Case(l, "destination port outside the routes", GATEWAY, v2(base + 4, List.of()),
                    ProxyRejection.NO_ROUTE));
            c.add(new Case(l, "the other listener's route port", GATEWAY, v2(otherBase, List.of()),
                    ProxyRejection.NO_ROUTE));
            c.add(new Case(l, "v2 header from an address not in proxy_from", ELSEWHERE, good,
                    ProxyRejection.NOT_A_PROXY_SOURCE));
        }
        return c.stream();
    }

    private static int port(Listener l) {
        return l == Listener.HTTP ? NODE.node().httpPort() : NODE.node().orbitPort();
    }

    private static Socket from(String source, int port) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closedWithOneWarnAndEveryoneElseIsServed(Case c) throws Exception {
        int before = LOGGED.list.size();
        try (Socket bad = from(c.source(), port(c.listener()))) {
            OutputStream out = bad.getOutputStream();
            out.write(c.bytes());
            out.flush();
            assertThat(bad.getInputStream().readAllBytes()).as("closed without an answer").isEmpty();
            int localPort = bad.getLocalPort();
            Awaitility.await().atMost(WAIT).until(() -> LOGGED.list.size() > before);
            assertThat(LOGGED.list.subList(before, LOGGED.list.size())).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                String expected = "closed " + (c.listener() == Listener.HTTP ? "HTTP" : "Orbit")
                        + " connection from /" + c.source() + ":" + localPort + ": " + c.reason().text();
                if (c.reason() == ProxyRejection.INVALID_HEADER) { // then Netty's own words in parentheses
                    assertThat(e.getFormattedMessage()).startsWith(expected + " (");
                } else {
                    assertThat(e.getFormattedMessage()).isEqualTo(expected + detail(c));
                }
            });
        }
        String relayed = "\"relayed " + c + "\"";
        assertRelayedClientsServed(relayed);
        NODE.peers().assertStillServed(List.of(relayed));
    }

    private static String detail(Case c) {
        return switch (c.reason()) {
            case HEADER_TIMEOUT -> " (500 ms)";
            case NO_ROUTE -> " (port " + portOf(c.bytes()) + ")";
            default -> "";
        };
    }

    /** The destination port of a TCP4 v2 header. */
    private static int portOf(byte[] header) {
        return ((header[26] & 0xff) << 8) | (header[27] & 0xff);
    }

    /** Through the gateway's address with a good header: a status page on route 1 and an Orbit event on route 2. */
    private static void assertRelayedClientsServed(String body) throws Exception {
        try (Socket http = from(GATEWAY, NODE.node().httpPort())) {
            OutputStream out = http.getOutputStream();
            out.write(v2(BROWSER_BASE, List.of()));
            out.write("GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(http.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200 OK\r\n");
        }
        try (Socket orbit = from(GATEWAY, NODE.node().orbitPort())) {
            OutputStream out = orbit.getOutputStream();
            out.write(v2(APP_BASE + 1, List.of()));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("Orbit 1.0\r\nEvent\r\nid: r\r\nrecipient: " + WellBehavedPeers.KEY + "\r\nlength: " + b.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            orbit.shutdownOutput(); // the node answers, then closes
            InputStream in = orbit.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("Success\r\nid: r\r\n\r\n");
        }
    }
}
