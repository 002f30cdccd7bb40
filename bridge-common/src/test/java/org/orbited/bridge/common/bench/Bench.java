package org.orbited.bridge.common.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared bits of the bridge benchmarks (docs/benchmarks.md "IRC bridge", "XMPP bridge"): bounded parameters from
 * system properties, latency percentiles, what a process holds ({@code /proc}), and the result file
 * {@code bench/results/<bridge>-<part>-<UTC time>.json} (machine, parameters, load averages, figures), as the other
 * benchmarks write theirs. {@code bridge} is {@code irc} or {@code xmpp}.
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long CLOCK_TICKS = 100;  // USER_HZ on Linux

    private Bench() {
    }

    /** An integer parameter {@code bench.<name>}, clamped to {@code [min, max]} so every loop stays bounded. */
    public static int param(String name, int dflt, int min, int max) {
        int v = Integer.getInteger("bench." + name, dflt);
        return Math.max(min, Math.min(max, v));
    }

    /** Sleeps {@code millis} (pacing a load loop, or a poll interval of a bounded wait). */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** p50/p90/p99/max/mean of latencies in nanoseconds, as milliseconds; {@code count} of them. */
    public static Map<String, Object> latency(long[] nanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", nanos.length);
        if (nanos.length == 0) {
            return m;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        m.put("p50_ms", ms(pct(s, 50)));
        m.put("p90_ms", ms(pct(s, 90)));
        m.put("p99_ms", ms(pct(s, 99)));
        m.put("max_ms", ms(s[s.length - 1]));
        m.put("min_ms", ms(s[0]));
        m.put("mean_ms", ms((long) Arrays.stream(s).average().orElse(0)));
        return m;
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    public static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /**
     * What process {@code pid} holds now (from {@code /proc}): RSS, threads, descriptors, CPU seconds used so far
     * (user + system) and its open-files limit; -1 for what cannot be read.
     */
    public static Map<String, Object> process(long pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        long rss = -1;
        long threads = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        m.put("rss_kb", rss);
        m.put("threads", threads);
        String[] fds = Path.of("/proc", String.valueOf(pid), "fd").toFile().list();
        m.put("fds", fds == null ? -1 : fds.length);
        double cpu = -1;
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;  // utime, stime
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        m.put("cpu_seconds", cpu);
        try {
            Files.readAllLines(Path.of("/proc", String.valueOf(pid), "limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).findFirst()
                    .ifPresent(l -> m.put("max_open_files", l.replaceAll("Max open files\\s+(\\S+).*", "$1")));
        } catch (IOException e) {
            // gone or not Linux
        }
        return m;
    }

    /** Machine facts for the result file: CPUs, memory, Java, load averages now, thread and descriptor limits. */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        try {
            m.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .ifPresent(l -> m.put("mem_total_kb", Long.parseLong(l.replaceAll("\\D", ""))));
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
            // readAllLines: Files.readString returned only the first byte of these sysctl files on this kernel
            m.put("pid_max", Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
            m.put("threads_max", Files.readAllLines(Path.of("/proc/sys/kernel/threads-max")).get(0).trim());
            m.put("bench_jvm_open_files", process(ProcessHandle.current().pid()).get("max_open_files"));
        } catch (IOException e) {
            // not Linux: fewer facts
        }
        m.put("server_cpu", System.getProperty("bench.serverCpu", ""));
        return m;
    }

    /** Writes {@code result} to {@code bench/results/<bridge>-<part>-<UTC time>.json} and prints it. */
    public static Path write(String bridge, String part, Map<String, Object> result) throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "../bench/results"));
        Files.createDirectories(dir);
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = dir.resolve(bridge + "-" + part + "-" + time + ".json");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("benchmark", bridge + "-" + part);
        all.put("machine", machine());
        all.putAll(result);
        JSON.writeValue(file.toFile(), all);
        System.out.println(bridge + "-bench " + part + ": " + JSON.writeValueAsString(result));
        System.out.println(bridge + "-bench " + part + ": written " + file.toAbsolutePath().normalize());
        return file;
    }

    /** Prints a progress line (benchmarks run for minutes). */
    public static void log(String bridge, String fmt, Object... args) {
        System.out.printf(bridge + "-bench: " + fmt + "%n", args);
        System.out.flush();
    }
}
