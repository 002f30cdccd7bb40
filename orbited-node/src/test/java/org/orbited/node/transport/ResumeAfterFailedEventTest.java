package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.core.SessionKey;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.SseClient.Message;
import org.orbited.node.testing.WsClient;

/**
 * An event written just before the page dropped its connection ({@code Success}: it is in the replay ring), then a
 * later event that fails while the page is away: the page resumes from the id before both. It must be told about
 * the failed one ({@code reset}) and still get the written one. Before, the failure made the resume a bare reset
 * and the written event was lost (the jsclient {@code conn.reconnect()} race on {@code sse}: event 246 of 300
 * missing, the next event having failed its two writes on connections the page was dropping). Real sockets against
 * an in-process node; the later event fails by its {@code event.deadline} while no connection is attached.
 */
class ResumeAfterFailedEventTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final SessionKey SESSION = new SessionKey("u", "s", "/loc");
    private static final String URI = "/loc?user=u&session=s&hello=1&instance=page&attempt=";

    private static RunningNode node() {
        return RunningNode.start(b -> b.eventDeadline(Duration.ofMillis(300)));
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    /** Sends {@code body} and asserts its reply starts with {@code status}. */
    private static void send(OrbitTestClient app, String body, String status) {
        app.send(body, KEY);
        assertThat(app.reply()).startsWith(status + "\r\n");
    }

    /** "3" fails: queued while the page is away, its deadline passes; the session lives on. */
    private static void failWhileAway(RunningNode node, OrbitTestClient app) {
        node.awaitConnections("u", "s", "/loc", 0);
        send(app, "\"3\"", "Failure");
        assertThat(node.node().hub().find(SESSION)).isNotNull();
    }

    @Test
    void sse() {
        try (RunningNode node = node(); OrbitTestClient app = node.orbit()) {
            String epoch;
            try (SseClient first = SseClient.open(node.httpPort(), URI + "1&transport=sse")) {
                node.awaitConnections("u", "s", "/loc", 1);
                epoch = node.node().hub().find(SESSION).epoch();
                send(app, "\"1\"", "Success");
                send(app, "\"2\"", "Success"); // written; the page drops the stream before it reads it
                first.awaitMessage(m -> (epoch + "-1").equals(m.id()), "event 1", WAIT);
            }
            failWhileAway(node, app);
            try (SseClient back = SseClient.open(node.httpPort(),
                    URI + "2&transport=sse&last_event_id=" + epoch + "-1")) {
                send(app, "\"4\"", "Success");
                back.awaitMessage(m -> (epoch + "-4").equals(m.id()), "event 4", WAIT);
                List<String> seen = new ArrayList<>();
                for (Message m : back.messages()) {
                    if (m.event() != null) {
                        seen.add(m.event());
                    } else if (m.id() != null) {
                        seen.add(m.id() + " " + m.data());
                    }
                }
                assertThat(seen).containsExactly("hello", "reset", epoch + "-2 \"2\"", epoch + "-4 \"4\"");
            }
        }
    }

    @Test
    void webSocket() {
        try (RunningNode node = node(); OrbitTestClient app = node.orbit()) {
            String epoch;
            try (WsClient first = WsClient.connect(node.httpPort(), URI + "1")) {
                node.awaitConnections("u", "s", "/loc", 1);
                epoch = node.node().hub().find(SESSION).epoch();
                assertThat(json(first.next(WAIT)).get("type").asText()).isEqualTo("hello");
                send(app, "\"1\"", "Success");
                send(app, "\"2\"", "Success");
                assertThat(json(first.next(WAIT)).get("id").asText()).isEqualTo(epoch + "-1");
                first.abort(); // the page never handled event 2
            }
            failWhileAway(node, app);
            try (WsClient back = WsClient.connect(node.httpPort(), URI + "2&last_event_id=" + epoch + "-1")) {
                assertThat(json(back.next(WAIT)).get("type").asText()).isEqualTo("hello");
                assertThat(json(back.next(WAIT)).get("type").asText()).isEqualTo("reset");
                JsonNode two = json(back.next(WAIT));
                assertThat(two.get("id").asText() + " " + two.get("data").asText()).isEqualTo(epoch + "-2 \"2\"");
                send(app, "\"4\"", "Success");
                assertThat(json(back.next(WAIT)).get("id").asText()).isEqualTo(epoch + "-4");
            }
        }
    }

    @Test
    void longPoll() {
        try (RunningNode node = node(); OrbitTestClient app = node.orbit();
             LongPollClient lp = new LongPollClient(node.httpPort())) {
            String uri = URI + "1&transport=long_poll";
            lp.send(uri);
            node.awaitConnections("u", "s", "/loc", 1);
            String epoch = node.node().hub().find(SESSION).epoch();
            send(app, "\"1\"", "Success");
            assertThat(lp.await(WAIT).body()).contains("\"id\":\"" + epoch + "-1\"");
            app.send("\"2\"", KEY); // waits for the next poll
            assertThat(lp.poll(uri + "&last_event_id=" + epoch + "-1", WAIT).body())
                    .contains("\"id\":\"" + epoch + "-2\""); // answered, but the page aborted that poll
            assertThat(app.reply()).startsWith("Success\r\n");
            lp.drop();
            failWhileAway(node, app);
            JsonNode answer = json(lp.poll(uri + "&last_event_id=" + epoch + "-1", WAIT).body());
            List<String> seen = new ArrayList<>();
            for (JsonNode m : answer) {
                seen.add(m.has("id") ? m.get("id").asText() + " " + m.get("data").asText() : m.get("type").asText());
            }
            assertThat(seen).containsExactly("hello", "reset", epoch + "-2 \"2\"");
        }
    }
}
