package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.LongPollClient.Response;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;

/**
 * {@code long_poll} over real sockets (orbit-protocol.md 5.4, 4.2 (3), (6), (11)).
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class ModernLongPollTest {
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
    private static final String URI = "/loc?user=u&session=s&transport=long_poll";

    private static String head(String body, boolean close) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-cache, no-store\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
    }

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

    @Test
    void heldUntilTheFirstEventThenAnsweredWithAnExactJsonHead() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            assertThat(lp.quietFor(Duration.ofMillis(300))).isTrue();
            String id = app.send("[\"msg\",\"hi\"]", KEY);
            Response r = lp.await(WAIT);
            assertThat(r.body()).matches("\\[\\{\"id\":\"[0-9a-z]{6,}-1\",\"data\":\"\\[\\\\\"msg\\\\\",\\\\\"hi\\\\\"]\"}]");
            assertThat(r.head()).isEqualTo(head(r.body(), false));
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
        }
    }

    @Test
    void pendingEventsAreAnsweredAtOnceUpToMaxBatchAndAcknowledgedByTheNextPoll() {
        try (RunningNode node = RunningNode.start(io, b -> b.longPollMaxBatch(3).sessionTimeout(Duration.ofSeconds(30)));
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("0", KEY);
            String last = lastId(lp.await(WAIT));
            for (int i = 1; i <= 5; i++) {
                app.send(String.valueOf(i), KEY);
            }
            node.awaitConnections("u", "s", "/loc", 0);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> node.node().hub().queuedEvents() == 5);
            Response first = lp.poll(URI + "&last_event_id=" + last, WAIT);
            List<String> data = new ArrayList<>();
            json(first.body()).forEach(n -> data.add(n.get("data").asText()));
            assertThat(data).containsExactly("1", "2", "3");
            assertThat(first.head()).isEqualTo(head(first.body(), false));
            Response second = lp.poll(URI + "&last_event_id=" + lastId(first), WAIT);
            data.clear();
            json(second.body()).forEach(n -> data.add(n.get("data").asText()));
            assertThat(data).containsExactly("4", "5");
            assertThat(lp.connections()).isEqualTo(1); // keep-alive between polls
            assertThat(app.replies(6, WAIT)).allMatch(r -> r.startsWith("Success\r\n"));
        }
    }

    @Test
    void quietPollIsAnsweredWithAnEmptyArrayAfterTheTimeout() {
        try (RunningNode node = RunningNode.start(io, b -> b.longPollTimeout(Duration.ofSeconds(2)));
             LongPollClient lp = new LongPollClient(node.httpPort())) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            assertThat(lp.answerReady()).as("a quiet poll is held, not answered at once").isFalse();
            Response r = lp.await(WAIT); // nothing else happens: only the 2 s timeout can answer it
            assertThat(r.head() + r.body()).isEqualTo(head("[]", false) + "[]");
            assertThat(node.node().hub().sessionCount()).isEqualTo(1); // the grace period runs between polls
        }
    }

    @Test
    void everyEventExactlyOnceAndInOrderAcrossPolls() {
        int total = 300;
        try (RunningNode node = RunningNode.start(io, b -> b.longPollMaxBatch(7).sessionTimeout(Duration.ofSeconds(30))
                .longPollTimeout(Duration.ofSeconds(2)));
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            List<Integer> got = new ArrayList<>();
            String last = null;
            int sent = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int round = 0; got.size() < total; round++) {
                assertThat(round).as("polls").isLessThan(5000);
                assertThat(System.nanoTime()).as("time").isLessThan(deadline);
                if (sent < total && sent - got.size() < 40) {
                    for (int i = 0; i < 5 && sent < total; i++) {
                        app.send(String.valueOf(++sent), KEY);
                    }
                }
                Response r = lp.tryAwait();
                if (r == null) {
                    continue;
                }
                for (JsonNode n : json(r.body())) {
                    assertThat(n.has("id")).as("control element %s", n).isTrue();
                    assertThat(n.get("data").asText()).isEqualTo(String.valueOf(got.size() + 1));
                    got.add(got.size() + 1);
                    last = n.get("id").asText();
                }
                lp.send(URI + (last == null ? "" : "&last_event_id=" + last));
            }
            assertThat(got).hasSize(total);
            assertThat(app.replies(total, WAIT)).allMatch(r -> r.startsWith("Success\r\n"));
            assertThat(lp.quietFor(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void unknownLastEventIdPutsTheResetElementFirst() {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)));
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("1", KEY);
            lp.await(WAIT);
            app.send("\"two\"", KEY);
            node.awaitConnections("u", "s", "/loc", 0);
            Response r = lp.poll(URI + "&last_event_id=elsewhere-9", WAIT);
            assertThat(r.body()).matches("\\[\\{\"type\":\"reset\"},\\{\"id\":\"[0-9a-z]{6,}-2\",\"data\":\"\\\\\"two\\\\\"\"}]");
            assertThat(r.head()).isEqualTo(head(r.body(), false));
        }
    }

    @Test
    void reconnectInstructionIsTheLastElementWithConnectionClose() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             LongPollClient lp = new LongPollClient(node.httpPort())) {
            lp.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            node.node().hub().reconnectAll();
            Response r = lp.await(WAIT);
            assertThat(r.head() + r.body()).isEqualTo(head("[{\"type\":\"reconnect\"}]", true) + "[{\"type\":\"reconnect\"}]");
        }
    }

    @Test
    void replacedPollIsAnsweredWithTheCloseElement4500() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             LongPollClient first = new LongPollClient(node.httpPort());
             LongPollClient second = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            first.send(URI);
            node.awaitConnections("u", "s", "/loc", 1);
            second.send(URI);
            Response r = first.await(WAIT);
            String body = "[{\"type\":\"close\",\"code\":4500,\"reason\":\"replaced\"}]";
            assertThat(r.head() + r.body()).isEqualTo(head(body, true) + body);
            node.awaitConnections("u", "s", "/loc", 1);
            app.send("\"new\"", KEY);
            assertThat(json(second.await(WAIT).body()).get(0).get("data").asText()).isEqualTo("\"new\"");
        }
    }
}
