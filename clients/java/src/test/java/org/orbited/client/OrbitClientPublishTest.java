package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/** {@link OrbitClient#publish}: an app's publish reaches a Bayeux subscriber on the same node. */
class OrbitClientPublishTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.bayeux(x -> x.timeoutMillis(5000)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static JsonNode post(HttpClient http, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/cometd"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return JSON.readTree(resp.body());
    }

    @Test
    void publishReachesABayeuxSubscriberAsJsonData() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).build();
        String clientId = post(http, "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]").get(0).get("clientId").asText();
        post(http, "[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0},"
                + "\"clientId\":\"" + clientId + "\"}]");
        JsonNode sub = post(http, "[{\"channel\":\"/meta/subscribe\",\"subscription\":\"/chat/*\",\"clientId\":\""
                + clientId + "\"}]");
        assertThat(sub.get(0).get("successful").asBoolean()).isTrue();

        try (OrbitClient app = OrbitClient.builder().host("127.0.0.1").port(node.orbitPort()).build()) {
            SendResult r = app.publish("/chat/room1", Map.of("text", "héllo", "n", 3)).get(10, TimeUnit.SECONDS);
            assertThat(r.ok()).isTrue();

            JsonNode reply = post(http, "[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                    + "\"clientId\":\"" + clientId + "\"}]");
            assertThat(reply.get(0).get("channel").asText()).isEqualTo("/chat/room1");
            assertThat(reply.get(0).get("data")).isEqualTo(JSON.readTree("{\"text\":\"héllo\",\"n\":3}"));
            assertThat(reply.get(1).get("channel").asText()).isEqualTo("/meta/connect");
        }
    }

    @Test
    void publishRefusesPatternsAndBadNames() {
        try (OrbitClient app = OrbitClient.builder().host("127.0.0.1").port(node.orbitPort()).build()) {
            assertThatThrownBy(() -> app.publish("/chat/*", "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/chat/*");
            assertThatThrownBy(() -> app.publish("chat", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
