package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.orbited.node.core.SessionKey;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.LongPollClient.Response;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.SseClient.Message;
import org.orbited.node.testing.WsClient;

/**
 * Resuming after abrupt cuts (issue 10) over real sockets: the hello control each resumable transport
 * writes when asked ({@code hello=1}), a resume from {@code E-0} by a page that was cut before its first
 * id arrived, and the resume grace ({@code session.resume_timeout}) against the legacy one
 * ({@code session.timeout}). Without {@code hello=1} the bytes are unchanged (the exact-byte tests of
 * ModernSseTest, ModernWebSocketTest and ModernLongPollTest).
 */
class ModernResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final SessionKey SESSION = new SessionKey("u", "s", "/loc");
    private static final String URI = "/loc?user=u&session=s";

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    private static String epoch(RunningNode node) {
        node.awaitConnections("u", "s", "/loc", 1);
        return node.node().hub().find(SESSION).epoch();
    }

    /** The messages after the {@code retry:} field, once {@code n} of them arrived. */
    private static List<Message> awaitAfterRetry(SseClient sse, int n) {
        sse.awaitMessages(n + 1, WAIT);
        List<Message> all = sse.messages();
        assertThat(all.get(0).retry()).as("the retry field first").isNotNull();
        return all.subList(1, all.size());
    }

    private static String hello(String epoch, long grace) {
        return "{\"type\":\"hello\",\"epoch\":\"" + epoch + "\",\"grace\":" + grace + "}";
    }

    @Test
    void sseHelloIsANamedEventRightAfterTheRetryField() {
        try (RunningNode node = RunningNode.start();
             SseClient sse = SseClient.open(node.httpPort(), URI + "&transport=sse&hello=1")) {
            String epoch = epoch(node);
            String expected = sse.head() + chunk("retry: 2000\n\n")
                    + chunk("event: hello\ndata: " + hello(epoch, 30_000) + "\n\n");
            assertThat(sse.raw().awaitText(expected, WAIT)).isEqualTo(expected);
        }
    }

    @Test
    void webSocketHelloIsTheFirstTextFrame() {
        try (RunningNode node = RunningNode.start();
             WsClient ws = WsClient.connect(node.httpPort(), URI + "&hello=1");
             OrbitTestClient app = node.orbit()) {
            String epoch = epoch(node);
            app.send("\"one\"", KEY);
            assertThat(ws.next(WAIT)).isEqualTo(hello(epoch, 30_000));
            assertThat(json(ws.next(WAIT)).get("id").asText()).isEqualTo(epoch + "-1");
        }
    }

    @Test
    void longPollHelloOpensEveryAnswerEvenAnEmptyOne() {
        try (RunningNode node = RunningNode.start(b -> b.longPollTimeout(Duration.ofMillis(200)));
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            String uri = URI + "&transport=long_poll&hello=1";
            Response empty = lp.poll(uri, WAIT);
            String epoch = node.node().hub().find(SESSION).epoch();
            assertThat(empty.body()).isEqualTo("[" + hello(epoch, 30_000) + "]");
            lp.send(uri);
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("\"one\"", KEY);
            assertThat(lp.await(WAIT).body())
                    .isEqualTo("[" + hello(epoch, 30_000) + ",{\"id\":\"" + epoch + "-1\",\"data\":\"\\\"one\\\"\"}]");
        }
    }

    @Test
    void aPageCutBeforeItsFirstIdResumesFromEpochDashZero() {
        try (RunningNode node = RunningNode.start();
             OrbitTestClient app = node.orbit()) {
            String epoch;
            try (WsClient ws = WsClient.connect(node.httpPort(), URI + "&hello=1")) {
                epoch = epoch(node);
                assertThat(json(ws.next(WAIT)).get("type").asText()).isEqualTo("hello");
                for (String body : List.of("\"1\"", "\"2\"", "\"3\"")) {
                    String id = app.send(body, KEY);
                    assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
                }
                ws.abort(); // as if the three frames were lost in the cut
            }
            try (WsClient back = WsClient.connect(node.httpPort(), URI + "&hello=1&last_event_id=" + epoch + "-0")) {
                assertThat(back.next(WAIT)).isEqualTo(hello(epoch, 30_000));
                for (int i = 1; i <= 3; i++) {
                    JsonNode e = json(back.next(WAIT));
                    assertThat(e.get("id").asText()).isEqualTo(epoch + "-" + i);
                    assertThat(e.get("data").asText()).isEqualTo("\"" + i + "\"");
                }
            }
            try (SseClient sse = SseClient.open(node.httpPort(), URI + "&transport=sse&hello=1",
                    "Last-Event-ID: " + epoch + "-0")) {
                List<Message> ms = awaitAfterRetry(sse, 4);
                assertThat(ms.get(0).event()).isEqualTo("hello");
                assertThat(ms.subList(1, 4)).extracting(Message::id)
                        .containsExactly(epoch + "-1", epoch + "-2", epoch + "-3");
            }
        }
    }

    @Test
    void aResumableSessionOutlivesTheLegacyGraceAndMissesNothing() {
        SessionKey legacyKey = new SessionKey("legacy", "s", "/loc");
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofMillis(200))
                .sessionResumeTimeout(Duration.ofSeconds(60)));
             OrbitTestClient app = node.orbit()) {
            String epoch;
            try (RawHttp legacy = node.get("/loc?user=legacy&session=s&transport=xhr_stream");
                 SseClient sse = SseClient.open(node.httpPort(), URI + "&transport=sse&hello=1")) {
                node.awaitConnections("legacy", "s", "/loc", 1);
                epoch = epoch(node);
                Message hello = awaitAfterRetry(sse, 1).get(0);
                assertThat(hello.event()).isEqualTo("hello");
                assertThat(json(hello.data()).get("grace").asLong()).as("the configured resume grace")
                        .isEqualTo(60_000);
            }
            Awaitility.await("the legacy session's end").atMost(WAIT)
                    .until(() -> node.node().hub().find(legacyKey) == null);
            assertThat(node.node().hub().find(SESSION)).as("the resumable session, closed at the same moment")
                    .isNotNull();

            String id = app.send("\"while away\"", KEY);
            try (SseClient back = SseClient.open(node.httpPort(), URI + "&transport=sse&hello=1",
                    "Last-Event-ID: " + epoch + "-0")) {
                List<Message> ms = awaitAfterRetry(back, 2);
                assertThat(ms.get(1).id()).isEqualTo(epoch + "-1");
                assertThat(ms.get(1).data()).isEqualTo("\"while away\"");
                assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            }
        }
    }
}
