package org.orbited.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the kernel says about processes and the machine ({@code /proc}); Linux only, absent values -1. */
public final class ProcInfo {
    private ProcInfo() {
    }

    /** A {@code kB} field of {@code /proc/PID/status} ({@code VmRSS}, {@code VmHWM}), or -1. */
    public static long statusKb(long pid, String field) {
        return kbField(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    static long kbField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The soft "Max open files" limit of this process ({@code ulimit -n}), or -1. */
    public static long fdCap() {
        try {
            return parseFdCap(Files.readAllLines(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return -1;
        }
    }

    static long parseFdCap(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return "unlimited".equals(f[0]) ? Long.MAX_VALUE : Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /** CPU time of this process, user + system, in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time (utime + stime) of process {@code pid} from {@code /proc/PID/stat}, in nanoseconds (clock ticks of
     * 1/100 s on Linux), or -1 when unreadable.
     */
    public static long pidCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14, 15 of stat
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The {@code machine} object of the result file. */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", machineCpus());
        m.put("cpu_model", cpuModel());
        m.put("mem_total_kb", kbField(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("kernel", read("/proc/sys/kernel/osrelease"));
        m.put("java", System.getProperty("java.version"));
        m.put("fd_cap", fdCap());
        return m;
    }

    /** CPUs of the machine (not this process's affinity mask, which {@code taskset} narrows). */
    static int machineCpus() {
        try {
            int n = (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("processor")).count();
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
