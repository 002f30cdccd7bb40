package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.P01;
import static org.orbited.node.transport.LegacyWire.P01_OAC;
import static org.orbited.node.transport.LegacyWire.SPANS;
import static org.orbited.node.transport.LegacyWire.after;
import static org.orbited.node.transport.LegacyWire.success;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The 0.1 iframe family over real sockets (orbit-protocol.md 5.2): head P01, the padding prologue, the
 * {@code iframe_domain} script and header, {@code iframe_alert} behind its setting, and each framing.
 */
class LegacyIframe01Test {
    private static final String KEY = "alice, 0, /chat";
    private static final String BODY = "[\"msg\",\"hi\"]";

    /** Checks the P01 prologue (filler comment, then exactly 100 spans, >= 1.5 KiB) and returns it. */
    static String checkPrologue(String prologue) {
        assertThat(prologue.length()).as("prologue length").isGreaterThanOrEqualTo(1536);
        assertThat(prologue).startsWith("<!--").endsWith(SPANS).doesNotContain("<html").doesNotContain("<body");
        String filler = prologue.substring(0, prologue.length() - SPANS.length());
        assertThat(filler).matches("(?s)<!--.*-->\\s*").doesNotContain("<span>");
        return prologue;
    }

    @Test
    void pipeIframeWritesP01ThePaddingAndOneScriptLinePerEvent() {
        try (RunningNode node = RunningNode.start();
             RawHttp browser = node.get("/chat|alice,0,iframe");
             OrbitTestClient app = node.orbit()) {
            String prologue = checkPrologue(after(browser.awaitText(SPANS), P01));

            String id1 = app.send(BODY, KEY);
            assertThat(app.reply()).isEqualTo(success(id1));
            String id2 = app.send("\"again\"", KEY);
            assertThat(app.reply()).isEqualTo(success(id2));

            String expected = P01 + prologue + "<script>window.parent.event([\"msg\",\"hi\"]);</script>\n"
                    + "<script>window.parent.event(\"again\");</script>\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
            assertThat(browser.isClosedByServer()).isFalse();
        }
    }

    static Stream<Arguments> framings() {
        String call = "<script>window.parent.event(" + BODY + ");</script>\n";
        String alert = "<script>alert('iframe_alert' + " + BODY + ");</script>\n";
        String domain = "\n<script>document.domain=\"127.0.0.1\"</script>\n";
        UnaryOperator<NodeConfig.Builder> none = b -> b;
        UnaryOperator<NodeConfig.Builder> alertOn = b -> b.iframeAlert(true);
        UnaryOperator<NodeConfig.Builder> oacOff = b -> b.originAgentCluster(false);
        return Stream.of(
                Arguments.of("/chat|alice,0,iframe", none, P01, "", call),
                Arguments.of("/chat|alice,0,iframe_raw", none, P01, "", BODY),
                Arguments.of("/chat?user=alice&transport=iframe_raw", none, P01, "", BODY),
                Arguments.of("/chat|alice,0,iframe_alert", alertOn, P01, "", alert),
                Arguments.of("/chat?user=alice&transport=iframe_alert", alertOn, P01, "", alert),
                Arguments.of("/chat|alice,0,iframe_domain", none, P01_OAC, domain, call),
                Arguments.of("/chat?user=alice&session=0&transport=iframe_domain", none, P01_OAC, domain, call),
                Arguments.of("/chat|alice,0,iframe_domain", oacOff, P01, domain, call),
                Arguments.of("/chat?user=alice&transport=iframe_domain", oacOff, P01, domain, call));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("framings")
    void eachP01TransportFramesTheEventAsSpecified(String uri, UnaryOperator<NodeConfig.Builder> tweak, String head,
                                                   String afterSpans, String framed) {
        try (RunningNode node = RunningNode.start(tweak);
             RawHttp browser = node.get(uri);
             OrbitTestClient app = node.orbit()) {
            String opened = browser.awaitText(SPANS + afterSpans);
            String prologue = after(opened, head);
            assertThat(prologue).endsWith(SPANS + afterSpans);
            checkPrologue(prologue.substring(0, prologue.length() - afterSpans.length()));

            String id = app.send(BODY, KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = head + prologue + framed;
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
        }
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("a.b.example.com:8000", "example.com"),
                Arguments.of("example.com:8000", "example.com"),
                Arguments.of("www.example.com", "example.com"),
                Arguments.of("localhost", "localhost"),
                Arguments.of("localhost:8000", "localhost"),
                Arguments.of("10.1.2.3:8000", "10.1.2.3"),
                Arguments.of("10.1.2.3", "10.1.2.3"),
                Arguments.of("[::1]:8000", "::1"),
                Arguments.of("my_host.example.com", "example.com"));
    }

    @ParameterizedTest(name = "Host {0} -> {1}")
    @MethodSource("hosts")
    void iframeDomainScriptTakesTheDomainFromHostOnBothForms(String host, String domain) {
        try (RunningNode node = RunningNode.start()) {
            for (String uri : new String[] {"/chat|alice,0,iframe_domain", "/chat?user=alice&transport=iframe_domain"}) {
                try (RawHttp browser = RawHttp.send(node.httpPort(),
                        "GET " + uri + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")) {
                    String script = "\n<script>document.domain=\"" + domain + "\"</script>\n";
                    String prologue = after(browser.awaitText(SPANS + script), P01_OAC);
                    assertThat(prologue).as(uri).endsWith(SPANS + script);
                    assertThat(browser.drain(Duration.ofMillis(100))).isEqualTo(P01_OAC + prologue);
                }
            }
        }
    }

    @Test
    void iframeDomainWithoutHostWritesNoScript() {
        try (RunningNode node = RunningNode.start(b -> b.originAgentCluster(false));
             RawHttp browser = RawHttp.send(node.httpPort(), "GET /chat|alice,0,iframe_domain HTTP/1.0\r\n\r\n");
             OrbitTestClient app = node.orbit()) {
            String prologue = checkPrologue(after(browser.awaitText(SPANS), P01));
            String id = app.send(BODY, KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = P01 + prologue + "<script>window.parent.event(" + BODY + ");</script>\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected).doesNotContain("document.domain");
        }
    }

    /** An empty Host (RFC 9112 3.2 allows it) is no domain: the script is left out, as without a Host. */
    @Test
    void iframeDomainWithAnEmptyHostWritesNoScript() {
        try (RunningNode node = RunningNode.start(b -> b.originAgentCluster(false));
             RawHttp browser = RawHttp.send(node.httpPort(),
                     "GET /chat|alice,0,iframe_domain HTTP/1.1\r\nHost:\r\n\r\n");
             OrbitTestClient app = node.orbit()) {
            String prologue = checkPrologue(after(browser.awaitText(SPANS), P01));
            String id = app.send(BODY, KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = P01 + prologue + "<script>window.parent.event(" + BODY + ");</script>\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected).doesNotContain("document.domain");
        }
    }

    /** Only iframe_domain writes the Host into the page, so only it checks the Host (errors.md, BAD_HOST). */
    @Test
    void transportsThatDoNotWriteTheHostServeAnyHost() {
        try (RunningNode node = RunningNode.start();
             RawHttp browser = RawHttp.send(node.httpPort(),
                     "GET /chat|alice,0,iframe HTTP/1.1\r\nHost: x\"<\r\n\r\n")) {
            checkPrologue(after(browser.awaitText(SPANS), P01));
        }
    }

    @ParameterizedTest
    @MethodSource("alertUris")
    void iframeAlertIsAnUnknownTransportUnlessEnabled(String uri) {
        try (RunningNode node = RunningNode.start(); RawHttp browser = node.get(uri)) {
            String response = browser.awaitClose();
            String body = "unknown transport: iframe_alert\n";
            assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("\r\n\r\n" + body);
            assertThat(response.toLowerCase())
                    .contains("\r\ncontent-type: text/plain; charset=utf-8\r\n")
                    .contains("\r\ncontent-length: " + body.length() + "\r\n")
                    .contains("\r\nconnection: close\r\n");
        }
    }

    static Stream<String> alertUris() {
        return Stream.of("/chat|alice,0,iframe_alert", "/chat?user=alice&transport=iframe_alert");
    }

    @ParameterizedTest
    @MethodSource("p01Uris")
    void idleP01ConnectionsGetTheCommentPing(String uri) {
        Duration interval = Duration.ofMillis(200);
        try (RunningNode node = RunningNode.start(b -> b.iframeAlert(true).pingInterval(interval));
             RawHttp browser = node.get(uri)) {
            String opened = browser.awaitText(SPANS);
            if (uri.contains("iframe_domain")) {
                opened = browser.awaitText(SPANS + "\n<script>document.domain=\"127.0.0.1\"</script>\n");
            }
            String twoPings = opened + LegacyWire.P01_PING + LegacyWire.P01_PING;
            assertThat(browser.awaitText(twoPings, Duration.ofSeconds(5))).startsWith(twoPings);
            assertThat(browser.text().substring(opened.length())).matches("(<!-- p -->\n)+");
        }
    }

    static Stream<String> p01Uris() {
        return Stream.of("/chat|alice,0,iframe", "/chat|alice,0,iframe_domain", "/chat|alice,0,iframe_raw",
                "/chat|alice,0,iframe_alert", "/chat?user=alice&transport=iframe_raw");
    }
}
