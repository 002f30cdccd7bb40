package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bench.cometd.CometdReferenceServer;
import picocli.CommandLine;

/**
 * The Bayeux scenarios through the CLI against the real CometD reference server (the baseline of
 * docs/benchmarks.md), in-process on loopback: every delivery counted, and latency sampled although CometD
 * re-orders the payload's keys. Tiny sizes; no timing is asserted.
 */
class CometdSmokeTest {
    private static CometdReferenceServer cometd;
    private static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCometd() throws Exception {
        cometd = new CometdReferenceServer();
        new CommandLine(cometd).parseArgs("--port", "0");
        port = cometd.start();
    }

    @AfterAll
    static void stopCometd() throws Exception {
        cometd.stop();
    }

    @Test
    void channelsOverLongPollingCountsEveryDeliveryAndSamplesLatency() throws Exception {
        Path out = dir.resolve("channels-cometd.json");
        assertThat(Main.run("channels", "--server", "cometd", "--port", Integer.toString(port),
                "--transport", "bayeux-long-polling", "--subscribers", "12", "--channels", "3", "--rate", "200",
                "--max-messages", "30", "--duration", "2", "--sample", "2", "--out", out.toString(),
                "--deadline", "60", "--establish-timeout", "10")).isZero();
        JsonNode m = new ObjectMapper().readTree(Files.readString(out)).path("metrics");

        assertThat(m.path("errors").size()).as("errors %s", m.path("errors")).isZero();
        assertThat(m.path("expected_deliveries").asLong()).isEqualTo(12 * 30 / 3);
        assertThat(m.path("deliveries").asLong()).isEqualTo(12 * 30 / 3);
        // subscribers 0, 2, .., 10 are sampled, 10 messages each
        assertThat(m.path("latency_ms").path("samples").asLong()).isEqualTo(6 * 10);
        assertThat(m.path("latency_ms").path("p99").isNumber()).isTrue();
        assertThat(m.path("duplicates").asLong()).isZero();
        assertThat(m.path("out_of_order").asLong()).isZero();
    }
}
