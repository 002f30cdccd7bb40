package org.orbited.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Markdown tables of the latest results, one per scenario, with the node's ratio against each baseline. */
final class Tables {
    /** A cell whose figure the run did not measure (e.g. latency when no delivery was sampled). */
    static final String NOT_MEASURED = "n/a";

    private Tables() {
    }

    static String render(List<BenchResult> results, Map<String, String> charts) {
        StringBuilder b = new StringBuilder();
        for (String scenario : List.of("idle", "fanout", "channels", "orbit", "churn", "churn-mass")) {
            List<BenchResult> rs = results.stream().filter(r -> r.scenario().equals(scenario)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            b.append("\n### ").append(scenario).append("\n\n");
            switch (scenario) {
                case "idle" -> idle(b, rs);
                case "orbit" -> orbit(b, rs);
                case "churn", "churn-mass" -> churn(b, rs);
                default -> delivery(b, rs);
            }
            ratios(b, scenario, rs);
            String chart = charts.get(scenario);
            if (chart != null) {
                b.append("\n![").append(scenario).append("](").append(chart).append(")\n");
            }
        }
        return b.toString();
    }

    private static void idle(StringBuilder b, List<BenchResult> rs) {
        b.append("| server | transport | connections | RSS before (MB) | RSS after (MB) | **KB per connection** |\n");
        b.append("|---|---|---:|---:|---:|---:|\n");
        for (BenchResult r : rs) {
            b.append(row(r.server(), r.transport(), num(r.metric("connections"), 0),
                    num(div(r.metric("server_rss_kb_before"), 1024), 1), num(div(r.metric("server_rss_kb_after"), 1024), 1),
                    "**" + num(r.metric("server_rss_kb_per_connection"), 2) + "**"));
        }
    }

    private static void delivery(StringBuilder b, List<BenchResult> rs) {
        b.append("| server | transport | subscribers | channels | publishes/s | **deliveries/s** | lost | dup | "
                + "out of order | p50 ms | p99 ms | p99.9 ms | max ms | generator ns/delivery |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : rs) {
            b.append(row(r.server(), r.transport(), r.param("subscribers"), r.param("channels"), r.param("rate"),
                    "**" + num(r.metric("deliveries_per_second"), 0) + "**", num(r.metric("lost"), 0),
                    sampled(r, "duplicates", 0), sampled(r, "out_of_order", 0),
                    sampled(r, "latency_ms.p50", 2), sampled(r, "latency_ms.p99", 2),
                    sampled(r, "latency_ms.p999", 2), sampled(r, "latency_ms.max", 2),
                    num(r.metric("generator_cpu_ns_per_delivery"), 0)));
        }
    }

    private static void orbit(StringBuilder b, List<BenchResult> rs) {
        b.append("| app connections | transport | events | **accepted/s** | delivered/s | lost |\n");
        b.append("|---:|---|---:|---:|---:|---:|\n");
        for (BenchResult r : rs) {
            b.append(row(r.param("connections"), r.transport(), r.param("events"),
                    "**" + num(r.metric("accepted_per_second"), 0) + "**", num(r.metric("deliveries_per_second"), 0),
                    num(r.metric("lost"), 0)));
        }
    }

    private static void churn(StringBuilder b, List<BenchResult> rs) {
        b.append("| server | transport | clients | **connects/s** | errors |\n|---|---|---:|---:|---|\n");
        for (BenchResult r : rs) {
            b.append(row(r.server(), r.transport(), r.param("clients"),
                    "**" + num(r.metric("connects_per_second"), 0) + "**", r.metrics().path("errors").toString()));
        }
    }

    /** The node's ratio against each baseline, for runs of the same transport, size and rate. */
    private static void ratios(StringBuilder b, String scenario, List<BenchResult> rs) {
        String metric = switch (scenario) {
            case "idle" -> "server_rss_kb_per_connection";
            case "churn", "churn-mass" -> "connects_per_second";
            case "orbit" -> null;
            default -> "deliveries_per_second";
        };
        if (metric == null) {
            return;
        }
        Map<String, Map<String, BenchResult>> groups = new TreeMap<>();
        for (BenchResult r : rs) {
            if (r.metric(metric).isPresent()) {
                String group = r.transport() + ", " + sizeKey(r) + (r.param("rate").isEmpty() || scenario.startsWith("churn")
                        ? "" : ", " + r.param("rate") + " publishes/s");
                groups.computeIfAbsent(group, k -> new TreeMap<>()).put(r.server(), r);
            }
        }
        List<String> lines = new ArrayList<>();
        for (var g : groups.entrySet()) {
            for (BenchResult node : g.getValue().values()) {
                if (!node.server().startsWith("orbited")) {
                    continue;
                }
                double n = node.metric(metric).getAsDouble();
                for (BenchResult base : g.getValue().values()) {
                    double v = base.metric(metric).getAsDouble();
                    if (base.server().startsWith("orbited") || v == 0 || n == 0) {
                        continue;
                    }
                    double ratio = scenario.equals("idle") ? v / n : n / v;
                    lines.add(String.format(Locale.ROOT, "- %s: %s vs %s: **%.2fx** %s%s", g.getKey(), node.server(),
                            base.server(), ratio, scenario.equals("idle") ? "less memory per connection" : "the rate",
                            sameDay(node, base) ? "" : " (runs of different days, " + day(node) + " and " + day(base)
                                    + ": not comparable)"));
                }
            }
        }
        if (!lines.isEmpty()) {
            b.append("\n").append(String.join("\n", lines)).append("\n");
        }
    }

    /** Runs of one session (one day here) share the machine's conditions; ratios across sessions do not. */
    private static boolean sameDay(BenchResult a, BenchResult b) {
        return day(a).equals(day(b));
    }

    private static String day(BenchResult r) {
        return r.started().length() >= 10 ? r.started().substring(0, 10) : r.started();
    }

    private static String sizeKey(BenchResult r) {
        return switch (r.scenario()) {
            case "idle" -> r.param("connections") + " connections";
            case "churn", "churn-mass" -> r.param("clients") + " clients";
            default -> r.param("subscribers") + " subscribers, " + r.param("channels") + " channel(s)";
        };
    }

    private static OptionalDouble div(OptionalDouble v, double d) {
        return v.isPresent() ? OptionalDouble.of(v.getAsDouble() / d) : v;
    }

    /** A figure of the sampled deliveries, or {@value #NOT_MEASURED} when the run sampled none. */
    static String sampled(BenchResult r, String metric, int decimals) {
        OptionalDouble v = r.metric(metric);
        return v.isEmpty() ? NOT_MEASURED : num(v, decimals);
    }

    static String num(OptionalDouble v, int decimals) {
        if (v.isEmpty()) {
            return "–";
        }
        return decimals == 0 ? String.format(Locale.ROOT, "%,.0f", v.getAsDouble())
                : String.format(Locale.ROOT, "%,." + decimals + "f", v.getAsDouble());
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
