package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that sampled no delivery writes no latency figures and prints "n/a", never 0.00 as if measured. */
class ResultTest {
    @TempDir
    Path dir;

    private static Result result(Histogram latencyUs) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("deliveries", 199_900L);
        metrics.put("latency_ms", Result.latency(latencyUs));
        return new Result("channels", Server.cometd, "bayeux-long-polling", Map.of(), Instant.EPOCH, 13.8, Map.of(),
                metrics);
    }

    @Test
    void noSampleMeansNoLatencyFiguresInTheFileAndNotMeasuredInTheTable() throws Exception {
        Result r = result(new Histogram(3));
        Path file = dir.resolve("r.json");
        r.write(file);

        JsonNode latency = new ObjectMapper().readTree(Files.readString(file)).path("metrics").path("latency_ms");
        assertThat(latency.path("samples").asLong()).isZero();
        assertThat(latency.size()).as("only the sample count: %s", latency).isEqualTo(1);
        String table = r.table();
        assertThat(table).containsPattern("latency_ms\\.p99 +n/a").containsPattern("latency_ms\\.max +n/a")
                .containsPattern("duplicates, out_of_order +n/a").doesNotContain("0.00");
    }

    @Test
    void sampledRunWritesItsPercentiles() throws Exception {
        Histogram us = new Histogram(3);
        us.recordValue(1_500);
        us.recordValue(2_500);
        Result r = result(us);

        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) r.root().get("metrics"))
                .get("latency_ms");
        assertThat(latency).containsOnlyKeys("samples", "p50", "p90", "p99", "p999", "max")
                .containsEntry("samples", 2L).containsEntry("p50", 1.5).containsEntry("max", 2.5);
        assertThat(r.table()).containsPattern("latency_ms\\.p99 +2\\.50").doesNotContain("n/a");
    }
}
