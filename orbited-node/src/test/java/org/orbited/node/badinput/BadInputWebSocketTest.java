package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.RawWebSocket;

/**
 * Bad frames from a browser on the comet {@code websocket} transport (RFC 6455 8.1): a text frame that is not UTF-8,
 * whole or across fragments, closes that socket with 1007 {@code invalid UTF-8}, as the Bayeux WebSocket does; a
 * character split across fragments is fine. The well-behaved browser and application keep being served.
 */
class BadInputWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String URI = "/ws?user=w&session=s";

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b ->
            b);

    record Case(String name, Consumer<RawWebSocket> send) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static Stream<Case> notUtf8() {
        return Stream.of(
                new Case("C3 28 (a lead byte without its continuation)", ws -> ws.sendText(bytes(0xc3, 0x28))),
                new Case("a lone continuation byte 80", ws -> ws.sendText(bytes('{', 0x80, '}'))),
                new Case("FF", ws -> ws.sendText(bytes('"', 0xff, '"'))),
                new Case("overlong C0 AF", ws -> ws.sendText(bytes(0xc0, 0xaf))),
                new Case("a surrogate ED A0 80", ws -> ws.sendText(bytes(0xed, 0xa0, 0x80))),
                new Case("an ack frame with a bad byte", ws -> ws.sendText(
                        "{\"ack\":\"x-1\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1))),
                new Case("valid first fragment, bad continuation", ws -> {
                    ws.send(RawWebSocket.TEXT, false, "{\"ack\":".getBytes(StandardCharsets.UTF_8));
                    ws.send(RawWebSocket.CONTINUATION, true, bytes(0xfe));
                }),
                new Case("a character cut short at the end of the message", ws -> {
                    ws.send(RawWebSocket.TEXT, false, bytes('a', 0xe2, 0x82));
                    ws.send(RawWebSocket.CONTINUATION, true, bytes()); // the euro sign never completed
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void aTextFrameThatIsNotUtf8ClosesThatSocketWith1007(Case c) {
        try (RawWebSocket ws = RawWebSocket.open(NODE.node().httpPort(), URI, 0)) {
            NODE.node().awaitConnections("w", "s", "/ws", 1);
            c.send().accept(ws);
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1007);
        }
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() {
        try (RawWebSocket ws = RawWebSocket.open(NODE.node().httpPort(), URI, 0)) {
            NODE.node().awaitConnections("w", "s", "/ws", 1);
            ws.send(RawWebSocket.TEXT, false, bytes('"', 0xe2, 0x82));
            ws.send(RawWebSocket.CONTINUATION, true, bytes(0xac, '"')); // "€"
            ws.send(0x8, true, bytes(0x03, 0xe8)); // close 1000: the node echoes it, not a 1007 of its own
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1000);
        }
        NODE.peers().assertStillServed(List.of());
    }
}
