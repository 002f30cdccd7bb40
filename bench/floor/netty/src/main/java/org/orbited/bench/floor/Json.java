package org.orbited.bench.floor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The result files, in floor.c's layout (schema "floor/1"); the reader's own JSON is embedded as it came. */
final class Json {
    private Json() {
    }

    static String delivery(Map<String, String> o, int n, Publisher p, long t0, long flushed, String reader,
                           long userNs, long sysNs, long loopNs, long gcCount, long gcMs, long ksoftNs) throws IOException {
        double got = num(reader, "deliveries");
        double last = num(reader, "last_at_ns");
        double window = Math.max(last > t0 ? last - t0 : flushed - t0, flushed - t0);
        double d = got > 0 ? got : 1;
        return head(o, "delivery", o.get("--scenario"))
                + String.format(Locale.ROOT, "  \"params\": {\"connections\": %d, \"channels\": %s, \"rate\": %s, "
                        + "\"duration\": %s, \"warmup\": %s, \"batch\": %s, \"size\": %s, \"sample\": %s, \"hwm\": 65536, "
                        + "\"reader_cpu\": %s},%n", n, o.get("--channels"), o.get("--rate"), o.get("--duration"),
                        o.get("--warmup"), o.get("--batch"), o.get("--size"), o.get("--sample"), o.get("--reader-cpu"))
                + String.format(Locale.ROOT, "  \"metrics\": {%n    \"published\": %d,%n    \"publish_rate_achieved\": %.2f,%n"
                        + "    \"expected_deliveries\": %d,%n    \"deliveries\": %.0f,%n    \"lost\": %.0f,%n    \"window_s\": %.3f,%n"
                        + "    \"deliveries_per_second\": %.2f,%n    \"writer_cpu_s\": %.3f,%n    \"writer_cpu_ns_per_delivery\": %.2f,%n"
                        + "    \"writer_user_ns_per_delivery\": %.2f,%n    \"writer_sys_ns_per_delivery\": %.2f,%n"
                        + "    \"ksoftirqd_cpu_ns_per_delivery\": %.2f,%n    \"event_loop_cpu_ns_per_delivery\": %.2f,%n    \"gc_count\": %d,%n    \"gc_ms\": %d,%n"
                        + "    \"reader_cpu_ns_per_delivery\": %.2f,%n    \"stalls\": %d,%n    \"reader\": %s%n  }%n}%n",
                        p.published, p.published / ((flushed - t0) / 1e9), p.expected, got, Math.max(0, p.expected - got),
                        window / 1e9, got / (window / 1e9), (userNs + sysNs) / 1e9, (userNs + sysNs) / d, userNs / d,
                        sysNs / d, ksoftNs / d, loopNs / d, gcCount, gcMs,
                        (num(reader, "reader_cpu_user_ns") + num(reader, "reader_cpu_sys_ns")) / d, p.stalls, reader);
    }

    static String idle(Map<String, String> o, int n, long rss0, long rss1) throws IOException {
        return head(o, "idle", "idle")
                + String.format(Locale.ROOT, "  \"params\": {\"connections\": %d, \"settle\": %s, \"ramp_rate\": %s},%n",
                        n, o.get("--settle"), o.get("--ramp-rate"))
                + String.format(Locale.ROOT, "  \"metrics\": {%n    \"connections\": %d,%n    \"server_rss_kb_before\": %d,%n"
                        + "    \"server_rss_kb_after\": %d,%n    \"server_rss_kb_per_connection\": %.2f,%n"
                        + "    \"heap_used_kb\": %d%n  }%n}%n", n, rss0, rss1, (rss1 - rss0) / (double) n,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
    }

    private static String head(Map<String, String> o, String kind, String scenario) throws IOException {
        String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        String jvm = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()).replace("\"", "'");
        return String.format(Locale.ROOT, "{%n  \"schema\": \"floor/1\",%n  \"kind\": \"%s\",%n  \"writer\": \"netty\",%n"
                        + "  \"scenario\": \"%s\",%n  \"label\": \"%s\",%n  \"started\": \"%s\",%n"
                        + "  \"machine\": {\"cpus\": %d, \"kernel\": \"%s\", \"java\": \"%s\", \"jvm\": \"%s\", "
                        + "\"load_avg\": [%s, %s, %s]},%n", kind, scenario, o.get("--label"), NettyFloor.started(),
                Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count(), System.getProperty("os.version"),
                System.getProperty("java.version"), jvm, load[0], load[1], load[2]);
    }

    /** A number field of the reader's flat JSON, or -1. */
    static double num(String json, String key) {
        int i = json.indexOf("\"" + key + "\":");
        if (i < 0) {
            return -1;
        }
        int s = i + key.length() + 3;
        int e = s;
        while (e < json.length() && "0123456789.-".indexOf(json.charAt(e)) >= 0) {
            e++;
        }
        return Double.parseDouble(json.substring(s, e));
    }
}
