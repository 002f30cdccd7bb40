package org.orbited.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** One result file of the load generator (schema 1): scenario, server, transport, parameters, metrics. */
record BenchResult(Path file, String scenario, String server, String transport, String started, JsonNode params,
                   JsonNode metrics, JsonNode machine) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static BenchResult read(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        if (n.path("schema").asInt() != 1) {
            throw new IOException(file + ": not a schema 1 result");
        }
        return new BenchResult(file, n.path("scenario").asText(), n.path("server").asText(),
                n.path("transport").asText(), n.path("started").asText(), n.path("params"), n.path("metrics"),
                n.path("machine"));
    }

    /**
     * A metric by dotted path ({@code latency_ms.p99}), if present and numeric. The figures taken from sampled
     * deliveries (latency, duplicates, order) are absent when no delivery was sampled, also in older files that
     * wrote an empty histogram's 0.0: a run that timed nothing measured none of them.
     */
    OptionalDouble metric(String path) {
        if (isSampledMetric(path) && !sampled()) {
            return OptionalDouble.empty();
        }
        JsonNode n = metrics;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
    }

    /** True for the metrics that only sampled deliveries give. */
    static boolean isSampledMetric(String path) {
        return path.startsWith("latency_ms.") && !path.equals("latency_ms.samples") || path.equals("duplicates")
                || path.equals("out_of_order");
    }

    /** False when the run wrote latency and sampled no delivery (true for scenarios that sample nothing). */
    boolean sampled() {
        JsonNode samples = metrics.path("latency_ms").path("samples");
        return !samples.isNumber() || samples.asLong() > 0;
    }

    /** A parameter as text, or "" when absent. */
    String param(String name) {
        JsonNode p = params.path(name);
        return p.isMissingNode() || p.isNull() ? "" : p.asText();
    }

    /** What distinguishes runs of one scenario in a table: server, transport and the scenario's size knobs. */
    String key() {
        return scenario + "|" + server + "|" + transport + "|" + param("connections") + "|" + param("subscribers")
                + "|" + param("channels") + "|" + param("rate") + "|" + param("clients");
    }
}
