package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.assertNoReply;
import static org.orbited.node.transport.LegacyWire.awaitSession;
import static org.orbited.node.transport.LegacyWire.hXhr;
import static org.orbited.node.transport.LegacyWire.success;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.core.SessionKey;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * 0.1 {@code xhr} and {@code xhr_buffered} long polls on both URL forms (orbit-protocol.md 5.2, 4.2):
 * H-XHR with Content-Length and {@code Connection: close}, one event per response, an empty 200 after
 * {@code xhr.timeout}, held polls served first-in first-out, and events between polls kept for the next.
 */
class LegacyXhrPollTest {
    private static final SessionKey KEY = new SessionKey("alice", "0", "/chat");
    private static final String RECIPIENT = "alice, 0, /chat";

    static Stream<String> pollUris() {
        return Stream.of("/chat|alice,0,xhr", "/chat|alice,0,xhr_buffered",
                "/chat?user=alice&transport=xhr", "/chat?user=alice&session=0&transport=xhr_buffered");
    }

    @ParameterizedTest
    @MethodSource("pollUris")
    void eachResponseCarriesExactlyOneEventAndTheRestWaitForTheNextPoll(String uri) {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit()) {
            String first = "[\"msg\",\"one\"]";
            String second = "{\"n\":2}";
            String id1;
            String id2;
            try (RawHttp poll = node.get(uri)) {
                awaitSession(node, KEY, 1);
                id1 = app.send(first, RECIPIENT);
                id2 = app.send(second, RECIPIENT);
                assertThat(poll.awaitClose()).isEqualTo(hXhr(first.length()) + first);
            }
            assertThat(app.reply()).isEqualTo(success(id1));
            assertNoReply(app, Duration.ofMillis(300)); // the second event waits, queued, for a poll
            try (RawHttp poll = node.get(uri)) {
                assertThat(poll.awaitClose()).isEqualTo(hXhr(second.length()) + second);
            }
            assertThat(app.reply()).isEqualTo(success(id2));
        }
    }

    @ParameterizedTest
    @MethodSource("pollUris")
    void anUnansweredPollGetsAnEmpty200AfterTheTimeoutAndLaterEventsWaitForTheNextPoll(String uri) {
        try (RunningNode node = RunningNode.start(b -> b.xhrTimeout(Duration.ofMillis(300)));
             OrbitTestClient app = node.orbit()) {
            try (RawHttp poll = node.get(uri)) {
                assertThat(poll.awaitClose(Duration.ofSeconds(5))).isEqualTo(hXhr(0));
            }
            awaitSession(node, KEY, 0); // between polls: the session is in its grace period
            String id = app.send("\"between\"", RECIPIENT);
            assertNoReply(app, Duration.ofMillis(300));
            try (RawHttp poll = node.get(uri)) {
                assertThat(poll.awaitClose()).isEqualTo(hXhr(9) + "\"between\"");
            }
            assertThat(app.reply()).isEqualTo(success(id));
        }
    }

    @ParameterizedTest
    @MethodSource("pollUris")
    void twoHeldPollsAreServedFirstInFirstOut(String uri) {
        try (RunningNode node = RunningNode.start();
             OrbitTestClient app = node.orbit();
             RawHttp older = node.get(uri)) {
            awaitSession(node, KEY, 1);
            try (RawHttp newer = node.get(uri)) {
                awaitSession(node, KEY, 2);
                String id1 = app.send("1", RECIPIENT);
                assertThat(older.awaitClose()).isEqualTo(hXhr(1) + "1");
                assertThat(app.reply()).isEqualTo(success(id1));
                assertThat(newer.drain(Duration.ofMillis(200))).isEmpty();
                assertThat(newer.isClosedByServer()).isFalse();

                String id2 = app.send("22", RECIPIENT);
                assertThat(newer.awaitClose()).isEqualTo(hXhr(2) + "22");
                assertThat(app.reply()).isEqualTo(success(id2));
            }
        }
    }
}
