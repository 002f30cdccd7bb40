package org.orbited.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads schema-1 results, keeps the newest per key, writes charts and replaces only its section. */
class BenchReportTest {
    @TempDir
    Path dir;

    private void result(String name, String scenario, String server, String started, String metrics) throws Exception {
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results").resolve(name), """
                {"schema":1,"scenario":"%s","server":"%s","transport":"sse","params":{"connections":19000,
                 "subscribers":10000,"channels":1,"rate":100},"started":"%s","duration_s":10,
                 "machine":{"cpus":2},"metrics":%s}""".formatted(scenario, server, started, metrics));
    }

    @Test
    void writesTablesChartsAndRatiosAndKeepsTheRestOfTheDocument() throws Exception {
        result("a.json", "idle", "orbited", "2026-11-26T10:00:00Z",
                "{\"connections\":19000,\"server_rss_kb_before\":100000,\"server_rss_kb_after\":190000,"
                        + "\"server_rss_kb_per_connection\":4.7}");
        result("old.json", "idle", "orbited", "2026-11-26T09:00:00Z",
                "{\"connections\":19000,\"server_rss_kb_per_connection\":99}");
        result("b.json", "idle", "nchan", "2026-11-26T10:00:00Z",
                "{\"connections\":19000,\"server_rss_kb_per_connection\":9.4}");
        result("c.json", "fanout", "orbited", "2026-11-26T10:00:00Z",
                "{\"deliveries_per_second\":900000,\"lost\":0,\"latency_ms\":{\"p50\":1.5,\"p99\":4.2}}");
        result("broken.json", "fanout", "x", "y", "[");
        Path doc = dir.resolve("docs").resolve("benchmarks.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, "# Benchmarks\nintro\n" + BenchReport.BEGIN + "\nold tables\n" + BenchReport.END
                + "\nafter\n");

        int n = BenchReport.run(dir.resolve("results"), doc);

        assertThat(n).isEqualTo(3);
        String text = Files.readString(doc);
        assertThat(text).startsWith("# Benchmarks\nintro\n").endsWith(BenchReport.END + "\nafter\n")
                .doesNotContain("old tables").contains("| orbited | sse | 19,000 |").contains("**4.70**")
                .doesNotContain("99.00").contains("orbited vs nchan: **2.00x** less memory per connection\n")
                .contains("**900,000**").contains("![idle](benchmarks/idle.png)");
        assertThat(dir.resolve("docs/benchmarks/idle.png")).isNotEmptyFile();
        assertThat(dir.resolve("docs/benchmarks/fanout.png")).isNotEmptyFile();
    }

    @Test
    void runThatSampledNoDeliveryReadsNotMeasuredNeverZero() throws Exception {
        // as the generator wrote it before (an empty histogram's percentiles), and as it writes it now
        result("old.json", "fanout", "cometd", "2026-11-26T10:00:00Z", "{\"deliveries_per_second\":18459,\"lost\":0,"
                + "\"duplicates\":0,\"out_of_order\":0,\"latency_ms\":{\"samples\":0,\"p50\":0.0,\"p90\":0.0,"
                + "\"p99\":0.0,\"p999\":0.0,\"max\":0.0},\"generator_cpu_ns_per_delivery\":20757}");
        result("new.json", "channels", "cometd", "2026-12-06T10:00:00Z", "{\"deliveries_per_second\":19105,\"lost\":0,"
                + "\"latency_ms\":{\"samples\":0},\"generator_cpu_ns_per_delivery\":21861}");
        result("timed.json", "channels", "orbited", "2026-11-26T10:00:00Z", "{\"deliveries_per_second\":19959,"
                + "\"lost\":0,\"duplicates\":0,\"out_of_order\":0,\"latency_ms\":{\"samples\":2000,\"p50\":2.49,"
                + "\"p90\":50.0,\"p99\":112.45,\"p999\":126.14,\"max\":126.27},\"generator_cpu_ns_per_delivery\":25763}");
        Path doc = dir.resolve("docs").resolve("benchmarks.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, BenchReport.BEGIN + "\n" + BenchReport.END + "\n");

        BenchReport.run(dir.resolve("results"), doc);

        String text = Files.readString(doc);
        String notMeasured = " | 0 | n/a | n/a | n/a | n/a | n/a | n/a | ";
        assertThat(text).contains("| cometd | sse | 10000 | 1 | 100 | **18,459**" + notMeasured + "20,757 |")
                .contains("| cometd | sse | 10000 | 1 | 100 | **19,105**" + notMeasured + "21,861 |")
                .contains("| orbited | sse | 10000 | 1 | 100 | **19,959** | 0 | 0 | 0 | 2.49 | 112.45 | 126.14 | 126.27 |")
                .doesNotContain("0.00")
                .contains("orbited vs cometd: **1.04x** the rate (runs of different days, 2026-11-26 and 2026-12-06: "
                        + "not comparable)");
        assertThat(dir.resolve("docs/benchmarks/channels.png")).isNotEmptyFile();
    }
}
