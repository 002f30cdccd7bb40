package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.LongPollClient.Response;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.WsClient;

/**
 * A request the client has already given up on (an aborted poll, a stream closed while connecting) may reach the
 * node after the client's next attempt. Such a stale request must not take the session from the live one: the
 * client aborted it and never reads its answer, while the live one would be told 4500 {@code replaced} and stop
 * for good (the jsclient flake: a {@code conn.reconnect()} racing a poll on the keep-alive connection). Real
 * sockets against an in-process node.
 */
class StaleAttemptTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final String URI = "/loc?user=u&session=s&transport=long_poll&hello=1";

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static String lastId(Response r) {
        String id = null;
        for (JsonNode n : json(r.body())) {
            if (n.has("id")) {
                id = n.get("id").asText();
            }
        }
        return id;
    }

    /**
     * The flake, step by step: attempt 1 polls on a keep-alive connection and reads an event; the page reconnects
     * (attempt 2, a new connection) with the same last id, and only then does attempt 1's next poll, sent just before
     * the page aborted it, reach the node on the old connection. Attempt 2's poll must stay the session's.
     */
    @Test
    void aStalePollOfAnEarlierAttemptArrivingLastDoesNotReplaceTheLivePoll() {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)));
             LongPollClient old = new LongPollClient(node.httpPort());
             LongPollClient live = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            String attempt1 = URI + "&instance=page7&attempt=1";
            String attempt2 = URI + "&instance=page7&attempt=2";
            old.send(attempt1);
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("1", KEY);
            String last = lastId(old.await(WAIT));
            assertThat(app.reply()).startsWith("Success\r\n");

            live.send(attempt2 + "&last_event_id=" + last);
            node.awaitConnections("u", "s", "/loc", 1);
            old.send(attempt1 + "&last_event_id=" + last); // the stale poll, arriving last
            org.awaitility.Awaitility.await("an answer to either poll").atMost(WAIT)
                    .until(() -> live.answerReady() || old.answerReady());
            if (live.answerReady()) {
                throw new AssertionError("the live poll was answered because of the stale one: " + live.await(WAIT).body());
            }
            Response stale = old.await(WAIT);
            old.drop(); // the page had aborted it: nobody reads that answer
            assertThat(stale.body()).isEqualTo("[{\"type\":\"close\",\"code\":4003,\"reason\":\"stale attempt\"}]");
            assertThat(stale.closes()).isTrue();

            assertThat(live.quietFor(Duration.ofMillis(300))).as("the live poll is still held, not told 4500").isTrue();
            assertThat(node.node().hub().find(new org.orbited.node.core.SessionKey("u", "s", "/loc")).connections())
                    .isEqualTo(1);
            app.send("2", KEY);
            Response r = live.await(WAIT);
            assertThat(json(r.body()).get(1).get("data").asText()).as(r.body()).isEqualTo("2");
            assertThat(app.reply()).startsWith("Success\r\n");
        }
    }

    /** Answered polls leave the session between polls: a stale poll arriving then takes no event either. */
    @Test
    void aStalePollArrivingBetweenTheLivePollsTakesNothing() {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)));
             LongPollClient old = new LongPollClient(node.httpPort());
             LongPollClient live = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            live.send(URI + "&instance=p&attempt=5");
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("1", KEY);
            String last = lastId(live.await(WAIT));
            node.awaitConnections("u", "s", "/loc", 0);
            Response stale = old.poll(URI + "&instance=p&attempt=4&last_event_id=" + last, WAIT);
            assertThat(stale.body()).isEqualTo("[{\"type\":\"close\",\"code\":4003,\"reason\":\"stale attempt\"}]");
            app.send("2", KEY);
            Response r = live.poll(URI + "&instance=p&attempt=5&last_event_id=" + last, WAIT);
            assertThat(json(r.body()).get(1).get("data").asText()).as(r.body()).isEqualTo("2");
            assertThat(app.replies(2, WAIT)).allMatch(x -> x.startsWith("Success\r\n"));
        }
    }

    /** {@code sse}: a stream request of an earlier attempt arriving last is closed with 4003 at once. */
    @Test
    void aStaleSseRequestIsClosedWith4003AndTheLiveStreamStays() {
        String uri = "/loc?user=u&session=s&transport=sse&instance=page-1&attempt=";
        try (RunningNode node = RunningNode.start();
             SseClient live = SseClient.open(node.httpPort(), uri + "2");
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            try (SseClient stale = SseClient.open(node.httpPort(), uri + "1")) {
                stale.awaitMessage(m -> "close".equals(m.event()), "close control", WAIT);
                assertThat(stale.messages()).filteredOn(m -> "close".equals(m.event()))
                        .extracting(SseClient.Message::data).containsExactly("4003 stale attempt");
                org.awaitility.Awaitility.await().atMost(WAIT).until(stale::ended);
            }
            app.send("\"still here\"", KEY);
            live.awaitMessage(m -> "\"still here\"".equals(m.data()), "the event on the live stream", WAIT);
            assertThat(live.messages()).noneMatch(m -> "close".equals(m.event()));
        }
    }

    /** {@code websocket}: an upgrade of an earlier attempt completing last is closed with 4003. */
    @Test
    void aStaleWebSocketIsClosedWith4003AndTheLiveOneStays() {
        String uri = "/loc?user=u&session=s&transport=websocket&instance=p&attempt=";
        try (RunningNode node = RunningNode.start();
             WsClient live = WsClient.connect(node.httpPort(), uri + "10");
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("u", "s", "/loc", 1);
            try (WsClient stale = WsClient.connect(node.httpPort(), uri + "9")) {
                assertThat(stale.awaitClose(WAIT)).isEqualTo(4003);
                assertThat(stale.closeReason()).isEqualTo("stale attempt");
            }
            app.send("\"to the live one\"", KEY);
            assertThat(json(live.next(WAIT)).get("data").asText()).isEqualTo("\"to the live one\"");
            assertThat(live.closed()).isFalse();
        }
    }
}
