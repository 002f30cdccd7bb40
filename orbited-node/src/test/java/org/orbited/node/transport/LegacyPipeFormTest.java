package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.P01;
import static org.orbited.node.transport.LegacyWire.SPANS;
import static org.orbited.node.transport.LegacyWire.after;
import static org.orbited.node.transport.LegacyWire.failure;
import static org.orbited.node.transport.LegacyWire.success;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * 0.1 pipe-form URLs (orbit-protocol.md 3.2): separators, the ignored cache-buster query, the defaults,
 * and end-to-end example 6.1 byte for byte.
 */
class LegacyPipeFormTest {
    static Stream<Arguments> pipeUrls() {
        return Stream.of(
                Arguments.of("/chat|alice,0,iframe", "alice, 0, /chat"),
                Arguments.of("/chat%7Calice,0,iframe", "alice, 0, /chat"),
                Arguments.of("/chat%7calice,0,iframe", "alice, 0, /chat"),
                Arguments.of("/chat|alice,0,iframe?nocache=1215003911", "alice, 0, /chat"),
                Arguments.of("/chat%7Calice,7f3a,iframe?t=3", "alice, 7f3a, /chat"),
                Arguments.of("/chat|alice", "alice, 0, /chat"),
                Arguments.of("/chat|alice,7f3a", "alice, 7f3a, /chat"),
                Arguments.of("/chat|alice,,", "alice, 0, /chat"),
                Arguments.of("/a/b|alice,0,iframe,extra,fields", "alice, 0, /a/b"),
                // fields are percent-decoded, the location is the raw path
                Arguments.of("/ch%61t|al%2Cice,s%201,iframe", "al,ice, s 1, /ch%61t"));
    }

    /** Every spelling reaches the key and opens the 0.1 iframe (P01, window.parent.event). */
    @ParameterizedTest(name = "{0} -> ({1})")
    @MethodSource("pipeUrls")
    void pipeUrlReachesItsKeyOnThe01Iframe(String uri, String key) {
        try (RunningNode node = RunningNode.start();
             RawHttp browser = node.get(uri);
             OrbitTestClient app = node.orbit()) {
            String prologue = LegacyIframe01Test.checkPrologue(after(browser.awaitText(SPANS), P01));
            String id = app.send("1", key);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = P01 + prologue + "<script>window.parent.event(1);</script>\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
        }
    }

    @Test
    void example61MixedResultByteForByte() {
        try (RunningNode node = RunningNode.start();
             RawHttp alice = RawHttp.send(node.httpPort(),
                     "GET /chat|alice,0,iframe HTTP/1.1\r\nHost: example.com:8000\r\n\r\n");
             OrbitTestClient app = node.orbit()) {
            String prologue = LegacyIframe01Test.checkPrologue(after(alice.awaitText(SPANS), P01));

            app.write("Orbit 1.0\r\n"
                    + "Event\r\n"
                    + "id: 1\r\n"
                    + "recipient: alice, 0, /chat\r\n"
                    + "recipient: bob, 0, /chat\r\n"
                    + "length: 12\r\n"
                    + "\r\n"
                    + "[\"msg\",\"hi\"]Orbit 1.0\r\n"
                    + "Event\r\n"
                    + "id: 2\r\n"
                    + "recipient: (alice, 0, /chat)\r\n"
                    + "length: 7\r\n"
                    + "\r\n"
                    + "\"again\"");

            List<String> replies = app.replies(2, Duration.ofSeconds(10));
            assertThat(replies).containsExactlyInAnyOrder(
                    "Failure\r\nid: 1\r\nmsg: Failed to reach one or more recipients\r\nrecipient: (bob, 0, /chat)\r\n\r\n",
                    "Success\r\nid: 2\r\n\r\n");
            assertThat(replies).containsExactlyInAnyOrder(failure("1", "(bob, 0, /chat)"), success("2"));
            String expected = P01 + prologue + "<script>window.parent.event([\"msg\",\"hi\"]);</script>\n"
                    + "<script>window.parent.event(\"again\");</script>\n";
            assertThat(alice.awaitText(expected)).isEqualTo(expected);
        }
    }

    @Test
    void aFailureListsOnlyTheUnknownKeyAndComesOnlyOnceAllRecipientsResolved() {
        try (RunningNode node = RunningNode.start();
             RawHttp alice = node.get("/chat|alice,0,iframe");
             OrbitTestClient app = node.orbit()) {
            alice.awaitText(SPANS);
            String id = app.send("3", "carol, 0, /chat", "alice, 0, /chat", "dave, 9, /elsewhere");
            assertThat(app.reply()).isEqualTo(failure(id, "(carol, 0, /chat)", "(dave, 9, /elsewhere)"));
            assertThat(alice.awaitText("<script>window.parent.event(3);</script>\n")).isNotNull();
        }
    }
}
