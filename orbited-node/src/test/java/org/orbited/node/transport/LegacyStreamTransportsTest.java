package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.H_DOM;
import static org.orbited.node.transport.LegacyWire.H_IFRAME;
import static org.orbited.node.transport.LegacyWire.H_IFRAME_OAC;
import static org.orbited.node.transport.LegacyWire.H_STREAM;
import static org.orbited.node.transport.LegacyWire.H_XS;
import static org.orbited.node.transport.LegacyWire.IFRAME_PROLOGUE;
import static org.orbited.node.transport.LegacyWire.XS_PING;
import static org.orbited.node.transport.LegacyWire.hMultipart;
import static org.orbited.node.transport.LegacyWire.part;
import static org.orbited.node.transport.LegacyWire.success;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The 0.2/0.3 query-form streaming transports (orbit-protocol.md 5.3): head and prologue, per-event
 * framing and idle ping bytes, the same scenario for every transport.
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class LegacyStreamTransportsTest {
    @Parameter
    String io;

    /** Each test of a transport this machine cannot run is skipped with Netty's reason. */
    @BeforeEach
    void onlyWhereItRuns() {
        IoTransports.assumeAvailable(io);
    }

    private static final String KEY = "alice, 0, /chat";

    /**
     * One transport's wire format. {@code frame} frames {@code ["msg","hi"]}, {@code frame2} frames
     * {@code "again"}; {@code ping} is null when the transport sends none.
     */
    record Wire(String transport, UnaryOperator<NodeConfig.Builder> tweak, String head, String prologue,
                String frame, String frame2, String ping) {
        @Override
        public String toString() {
            return transport;
        }
    }

    static Stream<Wire> wires() {
        String b = "[\"msg\",\"hi\"]";
        String a = "\"again\"";
        UnaryOperator<NodeConfig.Builder> none = x -> x;
        UnaryOperator<NodeConfig.Builder> oacOff = x -> x.originAgentCluster(false);
        UnaryOperator<NodeConfig.Builder> boundary = x -> x.xhrMultipartBoundary("xyzzy42");
        return Stream.of(
                new Wire("raw", none, H_STREAM, "", b, a, null),
                new Wire("stream", none, H_STREAM, "", b, a, null),
                new Wire("basic", none, H_STREAM, "", "<b>" + b + "</b><br>\r\n", "<b>" + a + "</b><br>\r\n",
                        "<i>Ping!</i><br>\r\n"),
                new Wire("iframe", oacOff, H_IFRAME, IFRAME_PROLOGUE, "<script>e(" + b + ");</script>",
                        "<script>e(" + a + ");</script>", "<script>p();</script>"),
                new Wire("htmlfile", oacOff, H_IFRAME, IFRAME_PROLOGUE, "<script>e(" + b + ");</script>",
                        "<script>e(" + a + ");</script>", "<script>p();</script>"),
                new Wire("iframe", none, H_IFRAME_OAC, IFRAME_PROLOGUE, "<script>e(" + b + ");</script>",
                        "<script>e(" + a + ");</script>", "<script>p();</script>"),
                new Wire("htmlfile", none, H_IFRAME_OAC, IFRAME_PROLOGUE, "<script>e(" + b + ");</script>",
                        "<script>e(" + a + ");</script>", "<script>p();</script>"),
                new Wire("xhr_stream", none, H_XS, "", b + "\r\n|O|\r\n", a + "\r\n|O|\r\n", XS_PING),
                new Wire("xhr_multipart", none, hMultipart("orbited--"), "", part("orbited--", b),
                        part("orbited--", a), part("orbited--", "")),
                new Wire("xhr_multipart", boundary, hMultipart("xyzzy42"), "", part("xyzzy42", b),
                        part("xyzzy42", a), part("xyzzy42", "")),
                new Wire("server_sent_events", none, H_DOM, "", "Event: orbited\ndata: " + b + "\n\n",
                        "Event: orbited\ndata: " + a + "\n\n", "Event: ping\ndata: \\o/\n\n"));
    }

    @Test
    void referenceSizesOfTheFixedPrologues() {
        assertThat(H_IFRAME).hasSize(94);
        assertThat(IFRAME_PROLOGUE).hasSize(1406);
        assertThat(H_XS).hasSize(329);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wires")
    void headPrologueAndEventsAreByteExact(Wire w) {
        try (RunningNode node = RunningNode.start(io, w.tweak());
             RawHttp browser = node.get("/chat?user=alice&transport=" + w.transport());
             OrbitTestClient app = node.orbit()) {
            String opened = w.head() + w.prologue();
            assertThat(browser.awaitText(opened)).isEqualTo(opened);

            String id1 = app.send("[\"msg\",\"hi\"]", KEY);
            assertThat(app.reply()).isEqualTo(success(id1));
            String id2 = app.send("\"again\"", KEY);
            assertThat(app.reply()).isEqualTo(success(id2));

            String expected = opened + w.frame() + w.frame2();
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
            assertThat(browser.isClosedByServer()).isFalse();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wires")
    void idleConnectionsGetThePingBytesOfTheirTransportOrNothing(Wire w) {
        Duration interval = Duration.ofMillis(200);
        try (RunningNode node = RunningNode.start(io, x -> w.tweak().apply(x).pingInterval(interval));
             RawHttp browser = node.get("/chat?user=alice&transport=" + w.transport())) {
            String opened = w.head() + w.prologue();
            browser.awaitText(opened);
            if (w.ping() == null) {
                assertThat(browser.drain(interval.multipliedBy(4))).isEqualTo(opened);
            } else {
                String twoPings = opened + w.ping() + w.ping();
                assertThat(browser.awaitText(twoPings, Duration.ofSeconds(5))).startsWith(twoPings);
                assertThat(browser.text().substring(opened.length())).matches("(" + java.util.regex.Pattern.quote(
                        w.ping()) + ")+");
            }
        }
    }

    @Test
    void rawDropsAHandMadeHttpHeadFromTheFirstEventOnly() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             RawHttp browser = node.get("/chat?user=alice&transport=raw");
             OrbitTestClient app = node.orbit()) {
            browser.awaitText(H_STREAM);
            String id1 = app.send("HTTP/1.0 200 OK\r\nContent-type: text/html\r\n\r\n<p>first</p>", KEY);
            assertThat(app.reply()).isEqualTo(success(id1));
            String id2 = app.send("HTTP/1.0 200 OK\r\n\r\n<p>second</p>", KEY);
            assertThat(app.reply()).isEqualTo(success(id2));
            String expected = H_STREAM + "<p>first</p>" + "HTTP/1.0 200 OK\r\n\r\n<p>second</p>";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
        }
    }

    @Test
    void rawWritesAFirstEventWithoutAHandMadeHeadVerbatim() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             RawHttp browser = node.get("/chat?user=alice&transport=raw");
             OrbitTestClient app = node.orbit()) {
            browser.awaitText(H_STREAM);
            String id = app.send("<p>HTTP/1.0 200 OK\r\n\r\n</p>", KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = H_STREAM + "<p>HTTP/1.0 200 OK\r\n\r\n</p>";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
        }
    }

    @Test
    void serverSentEventsSplitsAMultiLineBodyAtCrLfAndCrLf() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             RawHttp browser = node.get("/chat?user=alice&transport=server_sent_events");
             OrbitTestClient app = node.orbit()) {
            browser.awaitText(H_DOM);
            String id = app.send("one\rtwo\nthree\r\nfour\n\rfive", KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = H_DOM + "Event: orbited\n" + "data: one\n" + "data: two\n" + "data: three\n"
                    + "data: four\n" + "data: \n" + "data: five\n" + "\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
        }
    }

    static Stream<Arguments> escapingTransports() {
        String escaped = "[\"<\\/script><script>alert(1)<\\/script>\"]";
        UnaryOperator<NodeConfig.Builder> alertOn = b -> b.iframeAlert(true);
        UnaryOperator<NodeConfig.Builder> none = b -> b;
        return Stream.of(
                Arguments.of("/chat|alice,0,iframe", none, "<script>window.parent.event(" + escaped + ");</script>\n"),
                Arguments.of("/chat|alice,0,iframe_domain", none,
                        "<script>window.parent.event(" + escaped + ");</script>\n"),
                Arguments.of("/chat?user=alice&transport=iframe_alert", alertOn,
                        "<script>alert('iframe_alert' + " + escaped + ");</script>\n"),
                Arguments.of("/chat?user=alice&transport=iframe", none, "<script>e(" + escaped + ");</script>"),
                Arguments.of("/chat?user=alice&transport=htmlfile", none, "<script>e(" + escaped + ");</script>"),
                // not a script transport: the body is HTML and goes out verbatim
                Arguments.of("/chat|alice,0,iframe_raw", none, "[\"</script><script>alert(1)</script>\"]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("escapingTransports")
    void aClosingScriptTagInsideTheBodyIsEscapedOnScriptTransports(String uri, UnaryOperator<NodeConfig.Builder> tweak,
                                                                 String framed) {
        try (RunningNode node = RunningNode.start(io, tweak);
             RawHttp browser = node.get(uri);
             OrbitTestClient app = node.orbit()) {
            String opened = browser.awaitText("<span></span>".repeat(100));
            int sent = opened.length();
            if (uri.contains("iframe_domain")) {
                sent = browser.awaitText("</script>\n").length();
            }
            String id = app.send("[\"</script><script>alert(1)</script>\"]", KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String all = browser.awaitText(framed);
            assertThat(all.substring(sent)).isEqualTo(framed);
        }
    }
}
