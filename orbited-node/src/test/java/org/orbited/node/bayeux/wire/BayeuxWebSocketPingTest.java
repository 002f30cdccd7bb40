package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RawWebSocket;
import org.orbited.node.testing.RunningNode;

/**
 * Liveness of a Bayeux WebSocket (the event loop's ping sweep): a socket that writes nothing is pinged once per
 * {@code transport.modern_ping_interval}; one that sends nothing at all, pongs included, is closed with 4002
 * ({@code ping timeout}) after two; one that answers the pings stays open with its session usable; many sockets
 * share one sweep, and a closed one leaves it.
 */
class BayeuxWebSocketPingTest {
    private static final Duration PING = Duration.ofMillis(150);
    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.modernPingInterval(PING).bayeux(x -> x.timeoutMillis(30_000)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aSilentSocketIsPingedThenClosedWithPingTimeout() {
        try (RawWebSocket raw = RawWebSocket.open(node.httpPort(), "/cometd", 0)) {
            List<Integer> opcodes = new ArrayList<>();
            int code = readUntilClose(raw, Duration.ofSeconds(10), opcodes);
            assertThat(code).as("close status").isEqualTo(4002);
            assertThat(opcodes).as("frames before the close").isNotEmpty().allMatch(op -> op == RawWebSocket.PING);
        }
    }

    @Test
    void aSocketThatAnswersPingsStaysOpenAndItsSessionWorks() {
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            ws.send("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"websocket\"]}]");
            String clientId = ws.nextMessages().get(0).path("clientId").asText();
            ws.send("[{\"id\":\"2\",\"channel\":\"/meta/connect\",\"connectionType\":\"websocket\",\"clientId\":\""
                    + clientId + "\",\"advice\":{\"timeout\":0}}]");
            assertThat(ws.nextMessages().get(0).path("successful").asBoolean()).isTrue();
            // ten ping intervals with nothing but pings and the client's automatic pongs
            Awaitility.await().during(PING.multipliedBy(10)).atMost(PING.multipliedBy(30)).until(() -> !ws.closed());
            ws.send("[{\"id\":\"3\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/ping/room\",\"clientId\":\""
                    + clientId + "\"}]");
            JsonNode reply = ws.nextMessages().get(0);
            assertThat(reply.path("channel").asText()).isEqualTo("/meta/subscribe");
            assertThat(reply.path("successful").asBoolean()).as("%s", reply).isTrue();
        }
    }

    @Test
    void manySilentSocketsAreAllClosedAndAnAnsweringOneIsNot() {
        List<RawWebSocket> silent = new ArrayList<>();
        try (BayeuxWs alive = BayeuxWs.open(node.httpPort(), "/cometd")) {
            for (int i = 0; i < 5; i++) {
                silent.add(RawWebSocket.open(node.httpPort(), "/cometd", 0));
            }
            for (RawWebSocket raw : silent) {
                assertThat(readUntilClose(raw, Duration.ofSeconds(10), new ArrayList<>())).isEqualTo(4002);
            }
            alive.send("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"websocket\"]}]");
            assertThat(alive.nextMessages().get(0).path("successful").asBoolean()).isTrue();
        } finally {
            silent.forEach(RawWebSocket::close);
        }
    }

    /** Reads frames until a close frame, recording the opcodes before it; returns its status code. */
    private static int readUntilClose(RawWebSocket raw, Duration wait, List<Integer> opcodes) {
        DataInputStream in = new DataInputStream(raw.input());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                int b0 = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
                }
                opcodes.add(b0 & 0x0f);
            }
            throw new AssertionError("no close frame within " + wait);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close frame within the socket timeout", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
