package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.orbited.node.transport.LegacyWire.H_XS;
import static org.orbited.node.transport.LegacyWire.XS_RECONNECT;
import static org.orbited.node.transport.LegacyWire.assertNoReply;
import static org.orbited.node.transport.LegacyWire.awaitSession;
import static org.orbited.node.transport.LegacyWire.hXhr;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.core.SessionKey;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * Sessions behind legacy transports (orbit-protocol.md 4.2, example 6.2): a reconnect within the grace
 * period loses nothing and the queued event is answered only once written; after the grace period the
 * application gets a Failure naming the key.
 */
class LegacySessionTest {
    private static final SessionKey KEY = new SessionKey("alice", "7f3a", "/chat");
    private static final String OPEN = "GET /chat?user=alice&session=7f3a&transport=xhr_stream HTTP/1.1\r\n"
            + "Host: chat.example.com:8000\r\n\r\n";
    private static final String EVENT_41 = "Orbit/1.0\r\nEvent\r\nid: 41\r\nlength: 12\r\n"
            + "recipient: alice, 7f3a, /chat\r\n\r\n[\"msg\",\"hi\"]";
    private static final String EVENT_42 = "Orbit/1.0\r\nEvent\r\nid: 42\r\nlength: 12\r\n"
            + "recipient: alice, 7f3a, /chat\r\n\r\n[\"msg\",\"42\"]";
    private static final String FAILURE_42 = "Failure\r\nid: 42\r\nmsg: Failed to reach one or more recipients\r\n"
            + "recipient: (alice, 7f3a, /chat)\r\n\r\n";

    /** Steps 1-4 of example 6.2, then the drop: by drain ({@code reconnectAll}) or by the browser. */
    private static void connectReceive41AndDrop(RunningNode node, OrbitTestClient app, boolean drain) {
        try (RawHttp stream = RawHttp.send(node.httpPort(), OPEN)) {
            assertThat(stream.awaitText(H_XS)).isEqualTo(H_XS);
            app.write(EVENT_41);
            String event = H_XS + "[\"msg\",\"hi\"]\r\n|O|\r\n";
            assertThat(stream.awaitText(event)).isEqualTo(event);
            assertThat(app.reply()).isEqualTo("Success\r\nid: 41\r\n\r\n");
            if (drain) {
                node.node().hub().reconnectAll();
                assertThat(stream.awaitClose()).isEqualTo(event + XS_RECONNECT);
            }
        }
        awaitSession(node, KEY, 0);
    }

    @ParameterizedTest(name = "drain={0}")
    @ValueSource(booleans = {true, false})
    void example62ReconnectWithinTheGracePeriodLosesNothing(boolean drain) {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit()) {
            connectReceive41AndDrop(node, app, drain);
            app.write(EVENT_42);
            assertNoReply(app, Duration.ofMillis(500)); // queued, not written: no Success yet
            try (RawHttp again = RawHttp.send(node.httpPort(), OPEN)) {
                String expected = H_XS + "[\"msg\",\"42\"]\r\n|O|\r\n";
                assertThat(again.awaitText(expected)).isEqualTo(expected);
                assertThat(app.reply()).isEqualTo("Success\r\nid: 42\r\n\r\n");
            }
        }
    }

    @ParameterizedTest(name = "drain={0}")
    @ValueSource(booleans = {true, false})
    void example62AfterTheGracePeriodTheQueuedEventFailsNamingTheKey(boolean drain) {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofMillis(500)));
             OrbitTestClient app = node.orbit()) {
            connectReceive41AndDrop(node, app, drain);
            app.write(EVENT_42);
            assertThat(app.reply(Duration.ofSeconds(5))).isEqualTo(FAILURE_42);
            assertThat(node.node().hub().find(KEY)).isNull();
            app.write(EVENT_42.replace("id: 42", "id: 43")); // no session now: fails at once
            assertThat(app.reply()).isEqualTo(FAILURE_42.replace("id: 42", "id: 43"));
        }
    }

    static Stream<Arguments> legacyConnections() {
        return Stream.of(
                Arguments.of("/chat|alice,7f3a,iframe", "<span></span>".repeat(100)),
                Arguments.of("/chat%7Calice,7f3a,iframe_raw", "<span></span>".repeat(100)),
                Arguments.of("/chat?user=alice&session=7f3a&transport=stream", LegacyWire.H_STREAM),
                Arguments.of("/chat?user=alice&session=7f3a&transport=htmlfile", "<span></span>".repeat(100)),
                Arguments.of("/chat?user=alice&session=7f3a&transport=xhr_multipart", "\r\n\r\n"),
                Arguments.of("/chat?user=alice&session=7f3a&transport=server_sent_events", "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyConnections")
    void eventQueuedAfterTheBrowserLeftFailsWhenTheGracePeriodEnds(String uri, String opened) {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofMillis(300)));
             OrbitTestClient app = node.orbit()) {
            try (RawHttp browser = node.get(uri)) {
                browser.awaitText(opened);
                awaitSession(node, KEY, 1);
            }
            awaitSession(node, KEY, 0);
            String id = app.send("\"late\"", "alice, 7f3a, /chat");
            assertThat(app.reply(Duration.ofSeconds(5)))
                    .isEqualTo(LegacyWire.failure(id, "(alice, 7f3a, /chat)"));
        }
    }

    @Test
    void xhrSessionOutlivesAShortSessionTimeoutBetweenPolls() {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofMillis(100))
                .xhrTimeout(Duration.ofMillis(100)));
             OrbitTestClient app = node.orbit()) {
            try (RawHttp poll = node.get("/chat|alice,7f3a,xhr")) {
                assertThat(poll.awaitClose()).isEqualTo(hXhr(0));
            }
            // at least 10 s of grace after xhr, whatever session.timeout says
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> node.node().hub().find(KEY) != null);
            String id = app.send("7", "alice, 7f3a, /chat");
            try (RawHttp poll = node.get("/chat|alice,7f3a,xhr")) {
                assertThat(poll.awaitClose()).isEqualTo(hXhr(1) + "7");
            }
            assertThat(app.reply()).isEqualTo(LegacyWire.success(id));
        }
    }

    @ParameterizedTest(name = "{0} replaced by {1}")
    @MethodSource("replacements")
    void aNewLegacyConnectionReplacesTheOldOneSilently(String firstUri, String secondUri, String secondOpened,
                                                       String framedOne) {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit();
             RawHttp first = node.get(firstUri)) {
            String firstOpened = first.awaitText("<span></span>".repeat(100));
            try (RawHttp second = node.get(secondUri)) {
                assertThat(second.awaitText(secondOpened)).isEqualTo(secondOpened);
                assertThat(first.awaitClose()).isEqualTo(firstOpened); // closed, and not a byte more
                String id = app.send("1", "alice, 7f3a, /chat");
                assertThat(app.reply()).isEqualTo(LegacyWire.success(id));
                assertThat(second.awaitText(secondOpened + framedOne)).isEqualTo(secondOpened + framedOne);
            }
        }
    }

    static Stream<Arguments> replacements() {
        return Stream.of(
                Arguments.of("/chat|alice,7f3a,iframe", "/chat?user=alice&session=7f3a&transport=xhr_stream", H_XS,
                        "1\r\n|O|\r\n"),
                Arguments.of("/chat?user=alice&session=7f3a&transport=htmlfile",
                        "/chat?user=alice&session=7f3a&transport=stream", LegacyWire.H_STREAM, "1"));
    }

    static Stream<Arguments> reconnectInstructions() {
        String spans = "<span></span>".repeat(100);
        String p01Reconnect = LegacyWire.P01_RECONNECT;
        return Stream.of(
                Arguments.of("/chat|alice,7f3a,iframe", spans, p01Reconnect),
                Arguments.of("/chat|alice,7f3a,iframe_raw", spans, p01Reconnect),
                Arguments.of("/chat|alice,7f3a,iframe_domain", "</script>\n", p01Reconnect),
                Arguments.of("/chat?user=alice&session=7f3a&transport=raw", LegacyWire.H_STREAM, ""),
                Arguments.of("/chat?user=alice&session=7f3a&transport=stream", LegacyWire.H_STREAM, ""),
                Arguments.of("/chat?user=alice&session=7f3a&transport=basic", LegacyWire.H_STREAM,
                        "<i>Reconnect!</i><br>\r\n"),
                Arguments.of("/chat?user=alice&session=7f3a&transport=iframe", spans, "<script>r();</script>"),
                Arguments.of("/chat?user=alice&session=7f3a&transport=htmlfile", spans, "<script>r();</script>"),
                Arguments.of("/chat?user=alice&session=7f3a&transport=xhr_stream", H_XS, XS_RECONNECT),
                Arguments.of("/chat?user=alice&session=7f3a&transport=xhr_multipart", "\r\n\r\n",
                        LegacyWire.part("orbited--", "reconnect")),
                Arguments.of("/chat?user=alice&session=7f3a&transport=server_sent_events", "\r\n\r\n",
                        "Event: reconnect\ndata: reconnect\n\n"),
                Arguments.of("/chat|alice,7f3a,xhr", "", hXhr(0)),
                Arguments.of("/chat?user=alice&session=7f3a&transport=xhr_buffered", "", hXhr(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reconnectInstructions")
    void aDrainWritesTheReconnectInstructionThenClosesAndTheSessionWaits(String uri, String openedEnd,
                                                                        String reconnect) {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit();
             RawHttp browser = node.get(uri)) {
            String opened = browser.awaitText(openedEnd);
            awaitSession(node, KEY, 1);
            node.node().hub().reconnectAll();
            assertThat(browser.awaitClose()).isEqualTo(opened + reconnect);
            awaitSession(node, KEY, 0);
            String id = app.send("1", "alice, 7f3a, /chat");
            assertNoReply(app, Duration.ofMillis(200));
            try (RawHttp again = node.get(uri)) { // the queued event is written on the next connection
                assertThat(app.reply()).isEqualTo(LegacyWire.success(id));
            }
        }
    }
}
