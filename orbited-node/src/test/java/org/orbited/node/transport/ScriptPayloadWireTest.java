package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.SPANS;
import static org.orbited.node.transport.LegacyWire.success;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The bytes every script-wrapping transport writes for the payloads that used to stop or subvert it (issue 10,
 * item 5): a JSON body holding {@code <!--<script>}, one holding a whole {@code </script><script>…} and one
 * holding both, each followed by a plain event, over real sockets. The HTML tokenizer argument is in
 * docs/transports.md; browser-tests/script-payloads.test.mjs runs the same payloads in Chromium.
 */
class ScriptPayloadWireTest {
    private static final String KEY = "alice, 0, /chat";
    /** The bodies as the application sends them, then as every script transport must write them. */
    static final List<String> BODIES = List.of(
            "[\"<!--<script>\", 1]",
            "\"</script><script>window.pwned=1</script>\"",
            "{\"a\":\"<!--<script>x</script>-->\"}",
            "\"after\"");
    static final List<String> ESCAPED = List.of(
            "[\"<!-\\u002d<script>\", 1]",
            "\"<\\/script><script>window.pwned=1<\\/script>\"",
            "{\"a\":\"<!-\\u002d<script>x<\\/script>-->\"}",
            "\"after\"");

    static Stream<Arguments> scriptTransports() {
        UnaryOperator<NodeConfig.Builder> none = b -> b;
        UnaryOperator<NodeConfig.Builder> alertOn = b -> b.iframeAlert(true);
        Function<String, String> call = b -> "<script>window.parent.event(" + b + ");</script>\n";
        Function<String, String> e = b -> "<script>e(" + b + ");</script>";
        Function<String, String> alert = b -> "<script>alert('iframe_alert' + " + b + ");</script>\n";
        return Stream.of(
                Arguments.of("/chat|alice,0,iframe", none, call),
                Arguments.of("/chat|alice,0,iframe_domain", none, call),
                Arguments.of("/chat?user=alice&transport=iframe_domain", none, call),
                Arguments.of("/chat|alice,0,iframe_alert", alertOn, alert),
                Arguments.of("/chat?user=alice&transport=iframe", none, e),
                Arguments.of("/chat?user=alice&transport=htmlfile", none, e));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("scriptTransports")
    void noBodyCanLeaveItsScriptElement(String uri, UnaryOperator<NodeConfig.Builder> tweak,
                                        Function<String, String> frame) {
        try (RunningNode node = RunningNode.start(tweak);
             RawHttp browser = node.get(uri);
             OrbitTestClient app = node.orbit()) {
            int sent = browser.awaitText(SPANS).length();
            if (uri.contains("iframe_domain")) {
                sent = browser.awaitText("</script>\n").length();
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < BODIES.size(); i++) {
                String id = app.send(BODIES.get(i), KEY);
                assertThat(app.reply()).isEqualTo(success(id));
                expected.append(frame.apply(ESCAPED.get(i)));
            }
            String all = browser.awaitText(expected.toString());
            assertThat(all.substring(sent)).isEqualTo(expected.toString());
        }
    }

    /** {@code iframe_raw} is not a script transport: its bodies are HTML and go out as they are. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rawUris")
    void iframeRawStillWritesTheBodyVerbatim(String uri) {
        try (RunningNode node = RunningNode.start();
             RawHttp browser = node.get(uri);
             OrbitTestClient app = node.orbit()) {
            int sent = browser.awaitText(SPANS).length();
            String id = app.send(BODIES.get(0), KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            assertThat(browser.awaitText(BODIES.get(0)).substring(sent)).isEqualTo(BODIES.get(0));
        }
    }

    static Stream<String> rawUris() {
        return Stream.of("/chat|alice,0,iframe_raw", "/chat?user=alice&transport=iframe_raw");
    }
}
