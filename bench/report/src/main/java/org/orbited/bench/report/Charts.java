package org.orbited.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** One PNG bar chart per scenario (XChart), named {@code <scenario>.png}. */
final class Charts {
    private Charts() {
    }

    /** Writes the charts into {@code dir}; returns scenario → path relative to {@code docDir}. */
    static Map<String, String> write(List<BenchResult> results, Path dir, Path docDir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        chart(out, results, dir, docDir, "idle", "Server memory per idle connection", "KB per connection",
                "server_rss_kb_per_connection");
        chart(out, results, dir, docDir, "fanout", "Fan-out: deliveries per second", "deliveries/s",
                "deliveries_per_second");
        chart(out, results, dir, docDir, "channels", "Many channels: p99 publish-to-delivery latency", "ms",
                "latency_ms.p99");
        chart(out, results, dir, docDir, "orbit", "Orbit protocol: events accepted per second", "events/s",
                "accepted_per_second");
        chart(out, results, dir, docDir, "churn", "Churn: connects per second", "connects/s", "connects_per_second");
        return out;
    }

    private static void chart(Map<String, String> out, List<BenchResult> all, Path dir, Path docDir, String scenario,
                              String title, String yTitle, String metric) throws IOException {
        List<BenchResult> rs = all.stream().filter(r -> r.scenario().equals(scenario) && r.metric(metric).isPresent())
                .toList();
        if (rs.isEmpty()) {
            return;
        }
        // x: transport and size; one series per server.
        Set<String> categories = new LinkedHashSet<>();
        Set<String> servers = new LinkedHashSet<>();
        for (BenchResult r : rs) {
            categories.add(category(r));
            servers.add(r.server());
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(15);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> xs = new ArrayList<>(categories);
        for (String server : servers) {
            List<Double> ys = new ArrayList<>();
            for (String x : xs) {
                OptionalDouble v = rs.stream().filter(r -> r.server().equals(server) && category(r).equals(x))
                        .map(r -> r.metric(metric)).filter(OptionalDouble::isPresent).findFirst()
                        .orElse(OptionalDouble.empty());
                ys.add(v.isPresent() ? v.getAsDouble() : null); // no bar, rather than a bar at 0
            }
            chart.addSeries(server, xs, ys);
        }
        Path png = dir.resolve(scenario + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        out.put(scenario, docDir.relativize(png).toString().replace('\\', '/'));
    }

    private static String category(BenchResult r) {
        String size = switch (r.scenario()) {
            case "idle" -> r.param("connections");
            case "orbit" -> r.param("connections") + " conn";
            case "churn" -> r.param("clients");
            default -> r.param("subscribers") + "/" + r.param("channels") + "ch @" + r.param("rate").replace(".0", "") + "/s";
        };
        return r.transport() + " " + size;
    }
}
