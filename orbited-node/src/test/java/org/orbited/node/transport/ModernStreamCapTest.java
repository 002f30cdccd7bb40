package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.SseClient.Message;
import org.orbited.node.testing.WsClient;

/**
 * {@code sse} and {@code websocket} are not recycled by default (issue 10, item 12: the README's
 * {@code curl -N …transport=sse} must not stop after a megabyte), and {@code modern_stream_max_bytes} still recycles
 * them when set, losing and repeating nothing.
 */
class ModernStreamCapTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final String URI = "/loc?user=u&session=s";
    /** 256 events of about 10 KB: 2.5 MB, well past the legacy streams' 1 MiB stream_max_bytes. */
    private static final int EVENTS = 256;
    private static final String PAD = "x".repeat(10_000);

    private static String body(int n) {
        return "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}";
    }

    private static int n(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            assertThat(node.get("pad").asText()).isEqualTo(PAD);
            return node.get("n").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> sendAll(OrbitTestClient app, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            ids.add(app.send(body(n), KEY));
        }
        return ids;
    }

    private static void assertSuccesses(OrbitTestClient app, List<String> ids) {
        List<String> expected = ids.stream().map(id -> "Success\r\nid: " + id + "\r\n\r\n").toList();
        assertThat(app.replies(ids.size(), WAIT)).isEqualTo(expected);
    }

    @Test
    void anSseStreamCarriesMegabytesWithoutAReconnect() {
        try (RunningNode node = RunningNode.start();
             SseClient sse = SseClient.open(node.httpPort(), URI + "&transport=sse");
             OrbitTestClient app = node.orbit()) {
            sse.raw().awaitText("retry: 2000\n\n");
            List<String> ids = sendAll(app, 1, EVENTS);
            sse.raw().awaitText("{\"n\":" + EVENTS + ",", WAIT);
            assertSuccesses(app, ids);
            String after = app.send("\"after\"", KEY); // still the same stream
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + after + "\r\n\r\n");
            List<Message> ms = sse.awaitMessage(m -> "\"after\"".equals(m.data()), "the event after", WAIT);

            assertThat(sse.raw().bytes().length).as("bytes on the one stream").isGreaterThan(2_500_000);
            assertThat(ms).filteredOn(m -> m.event() != null).as("controls").isEmpty();
            List<Message> events = ms.stream().filter(Message::isEvent).toList();
            assertThat(events).hasSize(EVENTS + 1);
            assertThat(events.subList(0, EVENTS).stream().map(m -> n(m.data())).toList())
                    .isEqualTo(IntStream.rangeClosed(1, EVENTS).boxed().toList());
            assertThat(sse.closedByServer()).isFalse();
        }
    }

    @Test
    void aWebSocketCarriesMegabytesWithoutAReconnect() throws Exception {
        try (RunningNode node = RunningNode.start();
             WsClient ws = WsClient.connect(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            List<String> ids = sendAll(app, 1, EVENTS);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                got.add(n(JSON.readTree(ws.next(WAIT)).get("data").asText()));
            }
            assertThat(got).isEqualTo(IntStream.rangeClosed(1, EVENTS).boxed().toList());
            assertSuccesses(app, ids);
            String after = app.send("\"after\"", KEY); // still the same socket
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + after + "\r\n\r\n");
            assertThat(JSON.readTree(ws.next(WAIT)).get("data").asText()).isEqualTo("\"after\"");
            assertThat(ws.closed()).isFalse();
        }
    }

    /** With the setting, an sse stream is recycled like a legacy one; EventSource resumes with Last-Event-ID. */
    @Test
    void theSettingStillRecyclesAnSseStream() {
        long cap = 65_536;
        int total = 20;
        try (RunningNode node = RunningNode.start(b -> b.modernStreamMaxBytes(cap));
             OrbitTestClient app = node.orbit()) {
            List<Integer> got = new ArrayList<>();
            List<String> ids = null;
            String lastId = null;
            int recycles = 0;
            String last = "{\"n\":" + total + ",";
            for (int c = 0; got.size() < total; c++) {
                assertThat(c).as("connections needed").isLessThan(10);
                String[] headers = lastId == null ? new String[0] : new String[] {"Last-Event-ID: " + lastId};
                try (SseClient sse = SseClient.open(node.httpPort(), URI + "&transport=sse", headers)) {
                    String head = sse.head();
                    if (ids == null) {
                        sse.raw().awaitText("retry: 2000\n\n");
                        ids = sendAll(app, 1, total);
                    }
                    List<Message> ms = sse.awaitMessage(m -> "reconnect".equals(m.event())
                            || m.isEvent() && m.data().startsWith(last), "the reconnect or the last event", WAIT);
                    if (ms.get(ms.size() - 1).event() != null) {
                        sse.raw().awaitClose(WAIT);
                    }
                    String text = sse.raw().text();
                    for (Message m : ms) {
                        if (m.isEvent()) {
                            got.add(n(m.data()));
                            lastId = m.id();
                        }
                    }
                    if (sse.ended()) {
                        recycles++;
                        assertThat(ms.get(ms.size() - 1))
                                .isEqualTo(new Message(false, "reconnect", null, "reconnect", null));
                        // the cap, plus the final zero-length chunk after the reconnect instruction
                        assertThat(text.length() - head.length()).as("body bytes").isLessThanOrEqualTo((int) cap + 5);
                    }
                }
            }
            assertThat(got).isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(recycles).isGreaterThanOrEqualTo(2);
            assertSuccesses(app, ids);
        }
    }

    /** With the setting, a websocket is closed with 1012 at the cap and resumes with last_event_id. */
    @Test
    void theSettingStillRecyclesAWebSocket() throws Exception {
        long cap = 65_536;
        int total = 20;
        try (RunningNode node = RunningNode.start(b -> b.modernStreamMaxBytes(cap));
             OrbitTestClient app = node.orbit()) {
            List<Integer> got = new ArrayList<>();
            List<String> ids = null;
            String lastId = null;
            int recycles = 0;
            for (int c = 0; got.size() < total; c++) {
                assertThat(c).as("connections needed").isLessThan(10);
                String uri = URI + (lastId == null ? "" : "&last_event_id=" + lastId);
                try (WsClient ws = WsClient.connect(node.httpPort(), uri)) {
                    if (ids == null) {
                        node.awaitConnections("u", "s", "/loc", 1);
                        ids = sendAll(app, 1, total);
                    }
                    long payload = 0;
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (got.size() < total && !(ws.closed() && !ws.hasQueued())) {
                        assertThat(System.nanoTime()).as("still waiting for events or a close").isLessThan(deadline);
                        String t = ws.poll(Duration.ofMillis(200));
                        if (t != null) {
                            JsonNode frame = JSON.readTree(t);
                            got.add(n(frame.get("data").asText()));
                            lastId = frame.get("id").asText();
                            payload += t.length();
                        }
                    }
                    if (got.size() < total) {
                        recycles++;
                        assertThat(ws.awaitClose(WAIT)).isEqualTo(1012);
                        assertThat(payload).as("payload bytes").isLessThanOrEqualTo(cap);
                    }
                }
            }
            assertThat(got).isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(recycles).isGreaterThanOrEqualTo(2);
            assertSuccesses(app, ids);
        }
    }
}
