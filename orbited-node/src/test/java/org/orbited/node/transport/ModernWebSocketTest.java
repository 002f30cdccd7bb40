package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.WsClient;

/**
 * {@code websocket} with the JDK's WebSocket client (orbit-protocol.md 5.4, 5.5, 4.2 (3), (6), (8)).
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class ModernWebSocketTest {
    @Parameter
    String io;

    /** Each test of a transport this machine cannot run is skipped with Netty's reason. */
    @BeforeEach
    void onlyWhereItRuns() {
        IoTransports.assumeAvailable(io);
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final String URI = "/loc?user=u&session=s";

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static String success(String id) {
        return "Success\r\nid: " + id + "\r\n\r\n";
    }

    @Test
    void upgradeSelectsWebSocketAndEventsAreJsonTextFramesWithTheBodyAsAString() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             WsClient ws = WsClient.connect(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            String id = app.send("[\"msg\",\"hi\"]", KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            app.send("line\n\"two\" é", KEY);
            String first = ws.next(WAIT);
            assertThat(first).matches("\\{\"id\":\"[0-9a-z]{6,}-1\",\"data\":\"\\[\\\\\"msg\\\\\",\\\\\"hi\\\\\"]\"}");
            JsonNode second = json(ws.next(WAIT));
            assertThat(second.get("id").asText()).endsWith("-2");
            assertThat(second.get("data").isTextual()).isTrue();
            assertThat(second.get("data").asText()).isEqualTo("line\n\"two\" é");
            assertThat(app.reply()).isEqualTo(success("2"));
            assertThat(node.node().hub().stats().connectionsByTransport()).containsEntry("websocket", 1L);
        }
    }

    @Test
    void answeredPingsKeepAnIdleSocketOpenBehindTheBayeuxEndpoint() {
        // The Bayeux handler sits in every HTTP pipeline: an upgraded Orbit socket's pongs must still arrive.
        try (RunningNode node = RunningNode.start(io, b -> b.modernPingInterval(Duration.ofMillis(150)));
             WsClient ws = WsClient.connect(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            org.awaitility.Awaitility.await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
                    .until(() -> !ws.closed());
            String id = app.send("\"still here\"", KEY);
            assertThat(json(ws.next(WAIT)).get("data").asText()).isEqualTo("\"still here\"");
            assertThat(app.reply()).isEqualTo(success(id));
        }
    }

    @Test
    void resumesWithLastEventIdAndAcceptsAcks() {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)));
             OrbitTestClient app = node.orbit()) {
            List<String> ids = new ArrayList<>();
            try (WsClient ws = WsClient.connect(node.httpPort(), URI)) {
                node.awaitConnections("u", "s", "/loc", 1);
                for (int i = 1; i <= 4; i++) {
                    app.send("\"e" + i + "\"", KEY);
                }
                for (int i = 1; i <= 4; i++) {
                    ids.add(json(ws.next(WAIT)).get("id").asText());
                }
                ws.socket().sendText("{\"ack\":\"" + ids.get(0) + "\"}", true).join();
                ws.socket().sendText("something else entirely", true).join();
                assertThat(app.replies(4, WAIT)).allMatch(r -> r.startsWith("Success\r\n"));
            }
            node.awaitConnections("u", "s", "/loc", 0);
            app.send("\"e5\"", KEY);
            try (WsClient again = WsClient.connect(node.httpPort(), URI + "&last_event_id=" + ids.get(1))) {
                List<String> data = new ArrayList<>();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    JsonNode n = json(again.next(WAIT));
                    got.add(n.get("id").asText());
                    data.add(n.get("data").asText());
                }
                String epoch = ids.get(0).substring(0, ids.get(0).lastIndexOf('-'));
                assertThat(got).containsExactly(epoch + "-3", epoch + "-4", epoch + "-5");
                assertThat(data).containsExactly("\"e3\"", "\"e4\"", "\"e5\"");
                assertThat(app.reply()).isEqualTo(success("5"));
                assertThat(again.poll(Duration.ofMillis(300))).isNull();
            }
            // An acknowledged id trimmed the ring: resuming from before it is a reset.
            try (WsClient third = WsClient.connect(node.httpPort(), URI + "&last_event_id=" + ids.get(0))) {
                assertThat(third.next(WAIT)).isEqualTo("{\"type\":\"reset\"}");
            }
        }
    }

    @Test
    void unknownLastEventIdStartsWithResetFrame() {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)));
             OrbitTestClient app = node.orbit()) {
            try (WsClient ws = WsClient.connect(node.httpPort(), URI)) {
                node.awaitConnections("u", "s", "/loc", 1);
            }
            node.awaitConnections("u", "s", "/loc", 0);
            app.send("\"queued\"", KEY);
            try (WsClient ws = WsClient.connect(node.httpPort(), URI + "&last_event_id=nope00-3")) {
                assertThat(ws.next(WAIT)).isEqualTo("{\"type\":\"reset\"}");
                assertThat(json(ws.next(WAIT)).get("data").asText()).isEqualTo("\"queued\"");
                assertThat(app.reply()).isEqualTo(success("1"));
            }
        }
    }

    @Test
    void reconnectInstructionIsCloseCode1012() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             WsClient ws = WsClient.connect(node.httpPort(), URI)) {
            node.awaitConnections("u", "s", "/loc", 1);
            node.node().hub().reconnectAll();
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1012);
            assertThat(ws.closeReason()).isEqualTo("reconnect");
        }
    }

    @Test
    void secondConnectionToTheSameKeyClosesTheFirstWith4500Replaced() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             WsClient first = WsClient.connect(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            try (WsClient second = WsClient.connect(node.httpPort(), URI)) {
                assertThat(first.awaitClose(WAIT)).isEqualTo(4500);
                assertThat(first.closeReason()).isEqualTo("replaced");
                String id = app.send("\"to the new one\"", KEY);
                assertThat(app.reply()).isEqualTo(success(id));
                assertThat(json(second.next(WAIT)).get("data").asText()).isEqualTo("\"to the new one\"");
                assertThat(second.closed()).isFalse();
            }
        }
    }

    @Test
    void clientThatStopsReadingIsClosedWith4001AndPendingEventsFail() {
        int events = 200;
        String body = "\"" + "x".repeat(64 * 1024) + "\"";
        try (RunningNode node = RunningNode.start(io, b -> b.sessionQueueLimit(20).sessionQueueBytes(512 * 1024));
             WsClient ws = WsClient.connect(node.httpPort(), URI, false);
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            for (int i = 0; i < events; i++) {
                app.send(body, KEY);
            }
            // Events not yet handed to the connection fail at once, without waiting for the browser.
            List<String> replies = new ArrayList<>();
            while (replies.size() < events && (replies.isEmpty() || !replies.get(replies.size() - 1).startsWith("F"))) {
                replies.add(app.reply(Duration.ofSeconds(30)));
            }
            assertThat(replies.get(replies.size() - 1)).startsWith("Failure\r\n");
            assertThat(node.node().hub().stats().slowConsumers()).isEqualTo(1);
            ws.startReading();
            assertThat(ws.awaitClose(Duration.ofSeconds(30))).isEqualTo(4001);
            assertThat(ws.closeReason()).isEqualTo("slow consumer");
            replies.addAll(app.replies(events - replies.size(), Duration.ofSeconds(30)));
            long failed = replies.stream().filter(r -> r.startsWith("Failure\r\n")).count();
            assertThat(replies).filteredOn(r -> r.startsWith("Failure\r\n"))
                    .allMatch(r -> r.endsWith("msg: Failed to reach one or more recipients\r\n"
                            + "recipient: (u, s, /loc)\r\n\r\n"));
            // Every event the browser got was reported Success, and every Failure was never delivered.
            long delivered = 0;
            String m;
            while ((m = ws.poll(Duration.ZERO)) != null) {
                assertThat(json(m).get("id").asText()).endsWith("-" + (delivered + 1));
                delivered++;
            }
            assertThat(delivered).isEqualTo(events - failed);
        }
    }
}
