package org.orbited.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.orbited.client.OrbitClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/** The chat app against a real node, browsers as raw SSE sockets; the browser suite covers the page. */
class ChatRoomTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode post(int port, String path, String form, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + form + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() || status != 200 ? null : json.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SseClient browser(RunningNode node, JsonNode me) {
        return SseClient.open(node.httpPort(), "/chat?user=" + enc(me.get("name").asText()) + "&session="
                + me.get("token").asText() + "&transport=sse");
    }

    @Test
    void twoUsersJoinTalkAndLeave() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (RunningNode node = RunningNode.start();
                OrbitClient orbit = OrbitClient.builder().host("127.0.0.1").port(node.orbitPort()).build();
                ChatServer app = new ChatServer(new InetSocketAddress("127.0.0.1", 0), new ChatRoom(orbit, timer))) {
            int port = app.port();
            JsonNode ann = post(port, "/join", "name=Ann", 200);
            assertThat(ann.get("token").asText()).hasSizeGreaterThanOrEqualTo(22);
            post(port, "/join", "name=Ann", 409);
            post(port, "/join", "name=" + enc("<b>"), 400);
            try (SseClient a = browser(node, ann)) {
                a.awaitMessage(m -> m.isEvent() && m.data().contains("\"welcome\""), "Ann's welcome", WAIT);
                JsonNode bo = post(port, "/join", "name=" + enc("Bo Ünal"), 200);
                try (SseClient b = browser(node, bo)) {
                    b.awaitMessage(m -> m.isEvent() && m.data().contains("\"welcome\""), "Bo's welcome", WAIT);
                    a.awaitMessage(m -> m.isEvent() && m.data().contains("\"join\"") && m.data().contains("Bo Ünal"),
                            "Bo's arrival", WAIT);
                    post(port, "/say", "name=Ann&token=" + ann.get("token").asText() + "&text=" + enc("<i>hi</i> Bo"), 204);
                    post(port, "/say", "name=Ann&token=wrong&text=x", 403);
                    for (SseClient s : new SseClient[] {a, b}) {
                        s.awaitMessage(m -> m.isEvent() && m.data().contains("\"<i>hi</i> Bo\""), "Ann's message", WAIT);
                    }
                    post(port, "/leave", "name=" + enc("Bo Ünal") + "&token=" + bo.get("token").asText(), 204);
                    a.awaitMessage(m -> m.isEvent() && m.data().contains("\"leave\"") && m.data().contains("\"members\":[\"Ann\"]"),
                            "Bo's departure", WAIT);
                }
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
