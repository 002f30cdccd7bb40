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
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result file (schema 1; chart helpers read it) and the human table. Field order is fixed by insertion.
 */
public final class Result {
    public static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The percentiles of {@code latency_ms}, in the order they are written. */
    private static final List<String> PERCENTILES = List.of("p50", "p90", "p99", "p999", "max");
    /** What the human table prints for a figure that was not measured. */
    static final String NOT_MEASURED = "n/a";

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

    /**
     * The {@code latency_ms} object from a histogram in microseconds. With no sample it is {@code {"samples":0}}
     * alone: an empty histogram's percentiles read 0, which is not a measurement and must never look like one.
     */
    public static Map<String, Object> latency(Histogram us) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", us.getTotalCount());
        if (us.getTotalCount() == 0) {
            return m;
        }
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
        Map<String, Object> metrics = (Map<String, Object>) root.get("metrics");
        flatten(sb, "", metrics);
        if (metrics.get("latency_ms") instanceof Map<?, ?> latency && !latency.containsKey("p50")) {
            for (String p : PERCENTILES) {
                line(sb, "latency_ms." + p, NOT_MEASURED);
            }
            line(sb, "duplicates, out_of_order", NOT_MEASURED);
        }
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
                line(sb, prefix + e.getKey(), text);
            }
        }
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(String.format("  %-40s %20s%n", name, value));
    }
}
