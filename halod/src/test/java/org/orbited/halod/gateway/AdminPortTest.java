package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.halod.link.LinkClient;

/** The admin port: /status JSON with the fields clients depend on, /metrics text, 404/405, bounded requests. */
class AdminPortTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void statusMetricsAndErrors() throws Exception {
        try (RunningGateway g = RunningGateway.start(dir, 6, Map.of("heartbeat_ms", "200", "miss_limit", "25",
                "fence_ms", "4000"))) {
            RecordingNode a = new RecordingNode();
            RecordingNode b = new RecordingNode();
            try (LinkClient ca = g.client("orb-a", "127.0.0.1:8001", "127.0.0.1:9001", a)) {
                await().atMost(WAIT).until(() -> a.owned().size() == 6);
                LinkClient cb = g.client("orb-b", "127.0.0.1:8002", "127.0.0.1:9002", b);
                await().atMost(WAIT).until(() -> a.owned().size() == 3 && b.owned().size() == 3);
                await().atMost(WAIT).until(() -> g.status().get("nodes").get(1).get("connections").asLong() == 7);
                JsonNode s = g.status();
                assertThat(s.get("version").asLong()).isEqualTo(2);
                assertThat(s.get("routes").asInt()).isEqualTo(6);
                assertThat(s.get("policy").asText()).isEqualTo("minimal");
                assertThat(s.get("browserBase").asInt()).isEqualTo(g.config.ports().browserBase());
                assertThat(s.get("appBase").asInt()).isEqualTo(g.config.ports().appBase());
                assertThat(s.get("owner").toString()).isEqualTo("[1,1,1,2,2,2]");
                JsonNode n1 = s.get("nodes").get(0);
                assertThat(n1.get("id").asInt()).isEqualTo(1);
                assertThat(n1.get("name").asText()).isEqualTo("orb-a");
                assertThat(n1.get("role").asText()).isEqualTo("active");
                assertThat(n1.get("routes").asInt()).isEqualTo(3);
                assertThat(n1.get("browser").asText()).isEqualTo("127.0.0.1:8001");
                assertThat(n1.get("app").asText()).isEqualTo("127.0.0.1:9001");
                JsonNode n2 = s.get("nodes").get(1);
                assertThat(n2.get("connections").asLong()).isEqualTo(7);
                assertThat(n2.get("sessions").asLong()).isEqualTo(5);
                assertThat(n2.get("appConnections").asLong()).isEqualTo(2);
                assertThat(n2.get("lastHeartbeatMs").asLong()).isBetween(0L, 2000L);
                assertThat(s.get("moves").asLong()).isEqualTo(3);
                assertThat(s.get("failovers").asLong()).isZero();
                assertThat(s.get("relay").get("connections").asInt()).isZero();
                assertThat(s.get("relay").has("bytesIn")).isTrue();
                assertThat(s.get("relay").has("bytesOut")).isTrue();

                String m = g.admin("GET", "/metrics").body();
                assertThat(m).contains("halod_nodes{role=\"active\"} 2", "halod_nodes{role=\"reserve\"} 0",
                        "halod_routes{node=\"orb-a\"} 3", "halod_routes{node=\"orb-b\"} 3",
                        "halod_route_moves_total 3", "halod_failovers_total 0", "halod_relay_connections 0",
                        "halod_relay_bytes_total{direction=\"in\"} 0", "halod_table_version 2",
                        "# TYPE halod_route_moves_total counter");

                assertThat(g.admin("GET", "/nothing").statusCode()).isEqualTo(404);
                assertThat(g.admin("POST", "/status").statusCode()).isEqualTo(405);
                assertThat(g.admin("GET", "/drain?node=orb-a").statusCode()).isEqualTo(405);
                assertThat(g.admin("POST", "/drain").statusCode()).isEqualTo(400);
                assertThat(rawStatusLine(g, "GET /status?" + "x".repeat(AdminServer.MAX_INITIAL_LINE + 10)
                        + " HTTP/1.1\r\nHost: a\r\n\r\n")).contains(" 4"); // 400/414: refused, bounded
                assertThat(g.admin("GET", "/status").statusCode()).isEqualTo(200); // still serving
                cb.close();
            }
        }
    }

    private static String rawStatusLine(RunningGateway g, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", g.gateway.adminPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
