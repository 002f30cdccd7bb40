package org.orbited.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result file (schema 1; chart helpers read it) and the human table. Field order is fixed by insertion.
 */
public final class Result {
    public static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> root = new LinkedHashMap<>();

    public Result(String scenario, Server server, String transport, Map<String, Object> params, Instant started,
                  double durationS, Map<String, Object> machine, Map<String, Object> metrics) {
        root.put("schema", SCHEMA);
        root.put("scenario", scenario);
        root.put("server", server.name());
        root.put("transport", transport);
        root.put("params", params);
        root.put("started", started.toString());
        root.put("duration_s", Math.round(durationS * 10) / 10.0);
        root.put("machine", machine);
        root.put("metrics", metrics);
    }

    public Map<String, Object> root() {
        return root;
    }

    /** The default file name: {@code bench/results/<scenario>-<server>-<transport>-<yyyyMMdd-HHmmss>.json}. */
    public static Path defaultPath(String scenario, Server server, String transport, Instant started) {
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        return Path.of("bench", "results", scenario + "-" + server + "-" + transport + "-" + ts + ".json");
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** The {@code latency_ms} object from a histogram in microseconds. */
    public static Map<String, Object> latency(Histogram us) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", us.getTotalCount());
        m.put("p50", ms(us.getValueAtPercentile(50)));
        m.put("p90", ms(us.getValueAtPercentile(90)));
        m.put("p99", ms(us.getValueAtPercentile(99)));
        m.put("p999", ms(us.getValueAtPercentile(99.9)));
        m.put("max", ms(us.getMaxValue()));
        return m;
    }

    private static double ms(long us) {
        return Math.round(us / 10.0) / 100.0;
    }

    /** The human table: one metric a line, nested objects flattened with dots. */
    @SuppressWarnings("unchecked")
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s / %s / %s  (%.1f s)%n", root.get("scenario"), root.get("server"),
                root.get("transport"), (Double) root.get("duration_s")));
        flatten(sb, "", (Map<String, Object>) root.get("metrics"));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(StringBuilder sb, String prefix, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(sb, prefix + e.getKey() + ".", (Map<String, Object>) sub);
            } else {
                Object v = e.getValue();
                String text = v instanceof Double d ? String.format("%,.2f", d)
                        : v instanceof Long || v instanceof Integer ? String.format("%,d", v) : String.valueOf(v);
                sb.append(String.format("  %-40s %20s%n", prefix + e.getKey(), text));
            }
        }
    }
}
