package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.H_STREAM;
import static org.orbited.node.transport.LegacyWire.H_XS;
import static org.orbited.node.transport.LegacyWire.failure;
import static org.orbited.node.transport.LegacyWire.success;

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
 * The 0.2/0.3 query form (orbit-protocol.md 3.2): a POSTed form body, the {@code session} cookie and
 * {@code session.default_key} fallbacks, and the {@code [transport] default} fallback. Each request must
 * open the expected transport on the expected key, and only that key.
 */
class LegacyQueryFormTest {
    private static final String XS_ONE = "1\r\n|O|\r\n";

    private static String get(String uri, String extraHeaders) {
        return "GET " + uri + " HTTP/1.1\r\nHost: chat.example.com:8000\r\n" + extraHeaders + "\r\n";
    }

    private static String post(String uri, String form) {
        return "POST " + uri + " HTTP/1.1\r\nHost: chat.example.com:8000\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
                + form;
    }

    static Stream<Arguments> requests() {
        UnaryOperator<NodeConfig.Builder> none = b -> b;
        UnaryOperator<NodeConfig.Builder> xsDefault = b -> b.defaultTransport("xhr_stream");
        UnaryOperator<NodeConfig.Builder> defaultKey = b -> b.sessionDefaultKey("dflt");
        return Stream.of(
                // POST form body; the location is the path without the query
                Arguments.of("POST form", none, post("/chat", "user=alice&session=7f3a&transport=xhr_stream"),
                        "alice, 7f3a, /chat", H_XS, XS_ONE),
                Arguments.of("POST form, query on URL", none,
                        post("/chat?cb=99", "user=alice&session=7f3a&transport=xhr_stream"),
                        "alice, 7f3a, /chat", H_XS, XS_ONE),
                Arguments.of("POST form, decoded", none, post("/chat", "user=al%2Bice&transport=stream"),
                        "al+ice, 0, /chat", H_STREAM, "1"),
                // session: form, then cookie (any position), then session.default_key
                Arguments.of("cookie first", none, get("/chat?user=alice&transport=stream", "Cookie: session=7f3a\r\n"),
                        "alice, 7f3a, /chat", H_STREAM, "1"),
                Arguments.of("cookie later", none,
                        get("/chat?user=alice&transport=stream", "Cookie: theme=dark; session=7f3a; x=y\r\n"),
                        "alice, 7f3a, /chat", H_STREAM, "1"),
                Arguments.of("form beats cookie", none,
                        get("/chat?user=alice&session=s1&transport=stream", "Cookie: session=7f3a\r\n"),
                        "alice, s1, /chat", H_STREAM, "1"),
                Arguments.of("blank session uses cookie", none,
                        get("/chat?user=alice&session=&transport=stream", "Cookie: session=7f3a\r\n"),
                        "alice, 7f3a, /chat", H_STREAM, "1"),
                Arguments.of("no cookie: default 0", none, get("/chat?user=alice&transport=stream", ""),
                        "alice, 0, /chat", H_STREAM, "1"),
                Arguments.of("no cookie: session.default_key", defaultKey,
                        get("/chat?user=alice&transport=stream", "Cookie: sessionx=nope\r\n"),
                        "alice, dflt, /chat", H_STREAM, "1"),
                // transport: form, then [transport] default (stream unless configured)
                Arguments.of("default transport stream", none, get("/chat?user=alice", ""),
                        "alice, 0, /chat", H_STREAM, "1"),
                Arguments.of("blank transport", none, get("/chat?user=alice&transport=", ""),
                        "alice, 0, /chat", H_STREAM, "1"),
                Arguments.of("configured default", xsDefault, get("/chat?user=alice", ""),
                        "alice, 0, /chat", H_XS, XS_ONE),
                Arguments.of("configured default, POST", xsDefault, post("/chat", "user=alice"),
                        "alice, 0, /chat", H_XS, XS_ONE),
                // a page's own parameter named like the resumable transports' hello flag is not checked here
                Arguments.of("legacy transport ignores hello", none,
                        get("/chat?user=alice&transport=xhr_stream&hello=world", ""), "alice, 0, /chat", H_XS, XS_ONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestOpensItsTransportOnItsKey(String name, UnaryOperator<NodeConfig.Builder> tweak, String request,
                                          String key, String opened, String framedOne) {
        try (RunningNode node = RunningNode.start(tweak);
             RawHttp browser = RawHttp.send(node.httpPort(), request);
             OrbitTestClient app = node.orbit()) {
            assertThat(browser.awaitText(opened)).isEqualTo(opened);
            String wrong = app.send("0", "alice, 0, /chat?cb=99", "alice, 0, /wrong");
            assertThat(app.reply()).isEqualTo(failure(wrong, "(alice, 0, /chat?cb=99)", "(alice, 0, /wrong)"));
            String id = app.send("1", key);
            assertThat(app.reply()).isEqualTo(success(id));
            assertThat(browser.awaitText(opened + framedOne)).isEqualTo(opened + framedOne);
        }
    }
}
