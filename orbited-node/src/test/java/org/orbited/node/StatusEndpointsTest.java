package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.WsClient;

/** {@code /_/status} and {@code /_/metrics} against a node with live connections. */
class StatusEndpointsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String get(RunningNode node, String path) {
        try (RawHttp h = RawHttp.send(node.httpPort(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            return h.awaitClose();
        }
    }

    private static String body(String response) {
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        String b = response.substring(response.indexOf("\r\n\r\n") + 4);
        return new String(b.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static JsonNode status(RunningNode node) {
        try {
            return JSON.readTree(body(get(node, "/_/status")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void statusCountsConnectionsPerTransportSessionsAndQueuedEvents() {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)));
             SseClient sse1 = SseClient.open(node.httpPort(), "/loc?user=a&transport=sse");
             SseClient sse2 = SseClient.open(node.httpPort(), "/loc?user=b&transport=sse");
             WsClient ws = WsClient.connect(node.httpPort(), "/loc?user=c");
             LongPollClient lp = new LongPollClient(node.httpPort());
             OrbitTestClient app = node.orbit()) {
            lp.send("/loc?user=d&transport=long_poll");
            try (SseClient gone = SseClient.open(node.httpPort(), "/loc?user=e&transport=sse")) {
                gone.awaitMessages(1, WAIT);
            }
            for (String u : new String[] {"a", "b", "c", "d"}) {
                node.awaitConnections(u, "0", "/loc", 1);
            }
            node.awaitConnections("e", "0", "/loc", 0);
            app.send("1", "e, 0, /loc");
            app.send("2", "e, 0, /loc");
            AtomicReference<JsonNode> last = new AtomicReference<>();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode s = status(node);
                last.set(s);
                assertThat(s.get("queued_events").asLong()).isEqualTo(2);
            });
            JsonNode s = last.get();
            assertThat(s.get("connections").get("sse").asLong()).isEqualTo(2);
            assertThat(s.get("connections").get("websocket").asLong()).isEqualTo(1);
            assertThat(s.get("connections").get("long_poll").asLong()).isEqualTo(1);
            assertThat(s.get("connections_total").asLong()).isEqualTo(4);
            assertThat(s.get("sessions").asLong()).isEqualTo(5);
            assertThat(s.get("orbit").get("connections").asLong()).isEqualTo(1);
            assertThat(s.get("orbit").get("requests_total").asLong()).isEqualTo(2);
            assertThat(s.get("shutting_down").asBoolean()).isFalse();
        }
    }

    @Test
    void metricsArePrometheusTextWithTheOrbitedFamilies() {
        try (RunningNode node = RunningNode.start();
             SseClient sse = SseClient.open(node.httpPort(), "/loc?user=a&transport=sse");
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("a", "0", "/loc", 1);
            app.send("\"x\"", "a, 0, /loc");
            assertThat(app.reply()).startsWith("Success\r\n");
            app.send("\"y\"", "nobody, 0, /loc");
            assertThat(app.reply()).startsWith("Failure\r\n");
            AtomicReference<String> text = new AtomicReference<>();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                String response = get(node, "/_/metrics");
                assertThat(response).containsIgnoringCase("\r\nContent-Type: text/plain; version=0.0.4");
                text.set(body(response));
                assertThat(text.get()).containsPattern("(?m)^orbited_connections\\{[^}]*transport=\"sse\"[^}]*} 1\\.0$");
            });
            String m = text.get();
            assertThat(m).contains("# TYPE orbited_sessions gauge")
                    .containsPattern("(?m)^orbited_sessions(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^orbited_queued_events(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^orbited_orbit_connections(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^orbited_events_written_total(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^orbited_events_failed_total(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^orbited_orbit_requests_total(\\{[^}]*})? 2\\.0$")
                    .containsPattern("(?m)^orbited_orbit_replies_total(\\{[^}]*})? 2\\.0$")
                    .contains("# TYPE orbited_events_queued_total counter")
                    .contains("orbited_slow_consumers_total");
        }
    }
}
