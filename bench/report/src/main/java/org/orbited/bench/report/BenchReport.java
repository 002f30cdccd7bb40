package org.orbited.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/orbited-bench-report [RESULTS_DIR] [DOC]}: reads every result of the load generator in RESULTS_DIR
 * (default {@code bench/results}), keeps the newest run per scenario, server, transport and size, writes one
 * PNG chart per scenario next to DOC (default {@code docs/benchmarks.md}, charts in {@code docs/benchmarks/}) and
 * replaces the part of DOC between {@code <!-- results:begin -->} and {@code <!-- results:end -->} with the
 * tables. Everything else in DOC is left alone.
 */
public final class BenchReport {
    static final String BEGIN = "<!-- results:begin -->";
    static final String END = "<!-- results:end -->";

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "bench/results");
        Path doc = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
        int n = run(results, doc);
        System.out.println("bench report: " + n + " result(s) from " + results + " into " + doc);
    }

    /** Writes charts and tables; returns how many results were used. */
    static int run(Path resultsDir, Path doc) throws IOException {
        List<BenchResult> latest = latest(resultsDir);
        Path chartDir = doc.toAbsolutePath().getParent().resolve("benchmarks");
        Files.createDirectories(chartDir);
        String tables = Tables.render(latest, Charts.write(latest, chartDir, doc.toAbsolutePath().getParent()));
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < b) {
            throw new IOException(doc + " has no " + BEGIN + " ... " + END + " section");
        }
        String out = text.substring(0, b + BEGIN.length()) + "\n" + tables + text.substring(e);
        Files.writeString(doc, out, StandardCharsets.UTF_8);
        return latest.size();
    }

    /** The newest result for each {@link BenchResult#key()}, in scenario order. */
    static List<BenchResult> latest(Path dir) throws IOException {
        Map<String, BenchResult> byKey = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("jmh"))
                    .sorted().toList();
        }
        for (Path f : files) {
            BenchResult r;
            try {
                r = BenchResult.read(f);
            } catch (IOException | RuntimeException ex) {
                System.err.println("bench report: skipping " + f + ": " + ex.getMessage());
                continue;
            }
            BenchResult old = byKey.get(r.key());
            if (old == null || r.started().compareTo(old.started()) >= 0) {
                byKey.put(r.key(), r);
            }
        }
        List<BenchResult> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(BenchResult::scenario).thenComparing(BenchResult::transport)
                .thenComparing(BenchResult::server));
        return out;
    }
}
