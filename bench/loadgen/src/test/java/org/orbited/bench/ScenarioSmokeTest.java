package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.RunningNode;

/**
 * Every scenario, through the CLI, against a real node on loopback: tiny sizes, so what is asserted is the
 * generator's correctness (all expected deliveries, none lost or doubled, the result file's shape), never a timing.
 */
class ScenarioSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() {
        node = RunningNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private JsonNode run(String name, String... args) throws Exception {
        Path out = dir.resolve(name + ".json");
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--port", Integer.toString(node.httpPort()), "--orbit-port", Integer.toString(node.orbitPort()),
                "--out", out.toString(), "--deadline", "60", "--establish-timeout", "10"));
        assertThat(Main.run(all.toArray(String[]::new))).isZero();
        JsonNode r = JSON.readTree(Files.readString(out));
        assertThat(r.path("schema").asInt()).isEqualTo(1);
        assertThat(r.path("server").asText()).isEqualTo("orbited");
        assertThat(r.path("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(r.path("machine").path("fd_cap").asLong()).isNotZero();
        assertThat(r.path("params").has("transport")).isTrue();
        return r.path("metrics");
    }

    private static void assertExactDelivery(JsonNode m, long expected) {
        assertThat(m.path("expected_deliveries").asLong()).isEqualTo(expected);
        assertThat(m.path("deliveries").asLong()).isEqualTo(expected);
        assertThat(m.path("lost").asLong()).isZero();
        assertThat(m.path("duplicates").asLong()).isZero();
        assertThat(m.path("out_of_order").asLong()).isZero();
        assertThat(m.path("errors").size()).as("errors %s", m.path("errors")).isZero();
        assertThat(m.path("latency_ms").path("samples").asLong()).isPositive();
        assertThat(m.has("generator_cpu_ns_per_delivery")).isTrue();
        assertThat(m.has("server_rss_kb_per_connection")).as("idle-only metrics are omitted").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "websocket", "xhr_stream", "long-poll", "bayeux-long-polling", "bayeux-websocket"})
    void fanoutDeliversEveryMessageToEverySubscriber(String transport) throws Exception {
        JsonNode m = run("fanout-" + transport, "fanout", "--transport", transport, "--subscribers", "20",
                "--rate", "500", "--max-messages", "50", "--duration", "2", "--sample", "5");
        assertThat(m.path("connections").asInt()).isEqualTo(20);
        assertThat(m.path("published").asLong()).isEqualTo(50);
        assertExactDelivery(m, 20 * 50);
    }

    @Test
    void channelsSpreadsSubscribersAndPublishes() throws Exception {
        JsonNode m = run("channels", "channels", "--transport", "sse", "--subscribers", "20", "--channels", "4",
                "--rate", "500", "--max-messages", "40", "--duration", "2", "--sample", "3");
        assertExactDelivery(m, 20 * 40 / 4);
    }

    @Test
    void fanoutOverChildProcessesAndSourceAddresses() throws Exception {
        JsonNode m = run("children", "fanout", "--transport", "sse", "--subscribers", "20", "--processes", "2",
                "--per-source", "7", "--rate", "500", "--max-messages", "30", "--duration", "2", "--sample", "4",
                "--child-jvm-opts", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        assertThat(m.path("processes").asInt()).isEqualTo(2);
        assertExactDelivery(m, 20 * 30);
    }

    @Test
    void orbitCountsAcceptedAndDelivered() throws Exception {
        JsonNode m = run("orbit", "orbit", "--connections", "2", "--keys", "4", "--events", "200");
        assertThat(m.path("accepted").asLong()).isEqualTo(200);
        assertThat(m.path("accepted_per_second").asDouble()).isPositive();
        assertExactDelivery(m, 200);
    }

    @Test
    void idleReportsServerMemoryPerConnection() throws Exception {
        JsonNode m = run("idle", "idle", "--transport", "sse", "--connections", "20", "--settle", "0",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        assertThat(m.path("connections").asInt()).isEqualTo(20);
        assertThat(m.path("server_rss_kb_after").asLong()).isPositive();
        assertThat(m.has("server_rss_kb_per_connection")).isTrue();
        assertThat(m.has("deliveries")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "long-poll"})
    void churnReconnects(String transport) throws Exception {
        JsonNode m = run("churn-" + transport, "churn", "--transport", transport, "--clients", "5", "--duration", "1",
                "--rate", "50");
        assertThat(m.path("connects").asLong()).isGreaterThan(5);
        assertThat(m.path("errors").size()).as("errors %s", m.path("errors")).isZero();
    }

    @Test
    void massConnect() throws Exception {
        JsonNode m = run("mass", "churn", "--mass", "--transport", "sse", "--clients", "20");
        assertThat(m.path("connections").asInt()).isEqualTo(20);
    }
}
