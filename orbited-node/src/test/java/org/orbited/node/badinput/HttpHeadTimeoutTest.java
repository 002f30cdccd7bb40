package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.testing.EchoBackend;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * {@code http.head_timeout} against slowloris (issue 10 item 2): a request head, or a body the node reads whole,
 * trickled in a byte at a time is answered 408 once the timeout has passed since its first byte, however short
 * the gaps; a proxied upload is exempt; a kept-alive connection between requests is not affected. The
 * well-behaved browser and application are served throughout.
 */
class HttpHeadTimeoutTest {
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    /** Gap between trickled bytes: far below http.idle_timeout (60 s), so only the head timeout can stop it. */
    private static final Duration GAP = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIMEOUT_BODY = "request not complete within http.head_timeout\n";

    private static EchoBackend backend;
    private static RunningNode node;
    private static WellBehavedPeers peers;

    @BeforeAll
    static void startNode() {
        backend = new EchoBackend();
        node = RunningNode.start(b -> b.httpHeadTimeout(HEAD_TIMEOUT)
                .proxyRules(List.of(new ProxyRule("/up/", "127.0.0.1", backend.port(), false))));
        peers = new WellBehavedPeers(node);
    }

    @AfterAll
    static void stopNode() {
        try {
            peers.assertStatusAnswers();
        } finally {
            peers.close();
            node.close();
            backend.close();
        }
    }

    /**
     * Sends {@code bytes} one at a time, {@link #GAP} apart, reading meanwhile; stops early when the node closes
     * the connection. At most {@code bytes.length} gaps long.
     */
    private static void trickle(RawHttp c, String bytes) {
        for (byte b : bytes.getBytes(StandardCharsets.ISO_8859_1)) {
            if (c.isClosedByServer()) {
                return;
            }
            try {
                c.write(new byte[] {b});
            } catch (java.io.UncheckedIOException closed) {
                return;
            }
            c.drain(GAP);
        }
    }

    private static void assertRequestTimeout(String response) {
        assertThat(response).as(RawHttp.printable(response)).isEqualTo("HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + TIMEOUT_BODY.length() + "\r\n"
                + "Connection: close\r\n\r\n" + TIMEOUT_BODY);
    }

    @Test
    void aHeadTrickledByteByByteGets408() {
        String head = "GET /_/about HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(40) + "\r\n\r\n"; // ~7 s at GAP
        try (RawHttp c = RawHttp.connect(node.httpPort())) {
            trickle(c, head);
            assertRequestTimeout(c.awaitClose(WAIT));
        }
        peers.assertStillServed(List.of());
    }

    /** POST bodies the node reads whole: a comet form and a Bayeux batch. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/slow|application/x-www-form-urlencoded|user=t&transport=long_poll&pad=",
            "/cometd|application/json;charset=UTF-8|[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"x\":\""})
    void aPostBodyTrickledByteByByteGets408(String spec) {
        String[] p = spec.split("\\|");
        String body = p[2] + "b".repeat(60 - p[2].length() % 60);
        try (RawHttp c = RawHttp.send(node.httpPort(), "POST " + p[0] + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + p[1]
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n")) {
            trickle(c, body);
            assertRequestTimeout(c.awaitClose(WAIT));
        }
        peers.assertStillServed(List.of());
    }

    @Test
    void aProxiedUploadMayTakeLongerThanTheHeadTimeout() {
        String body = "u".repeat(25); // 2.5 s at GAP
        try (RawHttp c = RawHttp.send(node.httpPort(), "POST /up/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain"
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n")) {
            trickle(c, body);
            String response = c.awaitClose(WAIT);
            assertThat(response).as(RawHttp.printable(response)).startsWith("HTTP/1.1 200 OK\r\n").endsWith(body);
        }
        peers.assertStillServed(List.of());
    }

    @Test
    void aKeptAliveConnectionWaitsForItsNextRequestPastTheHeadTimeout() {
        try (RawHttp c = RawHttp.send(node.httpPort(), "GET /_/about HTTP/1.1\r\nHost: x\r\n\r\n")) {
            c.awaitText("</html>");
            c.write("\r\n".getBytes(StandardCharsets.ISO_8859_1)); // an empty line between requests starts none
            String quiet = c.drain(HEAD_TIMEOUT.multipliedBy(3));
            assertThat(c.isClosedByServer()).as(RawHttp.printable(quiet)).isFalse();
            c.write("GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String all = c.awaitClose(WAIT);
            assertThat(all.substring(all.indexOf("</html>"))).contains("HTTP/1.1 200 OK\r\n").endsWith("}");
        }
        peers.assertStillServed(List.of());
    }
}
