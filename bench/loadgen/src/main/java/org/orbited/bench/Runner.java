package org.orbited.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a {@link Scenario} under a hard deadline (a watchdog halts the JVM, children die with their stdin),
 * then prints the table and writes the result file.
 */
final class Runner {
    private Runner() {
    }

    static int execute(Scenario s, CommandSpec spec) throws Exception {
        CommonOptions o = s.common();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(o.deadlineS * 1000L);
                System.err.println("orbited-bench: deadline of " + o.deadlineS + " s reached; stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Object> metrics = s.run();
        watchdog.interrupt();
        Result r = new Result(s.name(), o.server, s.transport(), params(spec), started, (System.nanoTime() - t0) / 1e9,
                ProcInfo.machine(), metrics);
        Path file = o.out != null ? Path.of(o.out) : Result.defaultPath(s.name(), o.server, s.transport(), started);
        r.write(file);
        System.out.print(r.table());
        Object cpu = metrics.get("generator_cpu_ns_per_delivery");
        if (cpu != null) {
            System.out.printf("%n  >>> generator CPU per delivery: %.0f ns (target < 2000 ns) <<<%n", (Double) cpu);
        }
        System.out.println("  result: " + file);
        return 0;
    }

    /** Every option of the command with its value, by long name without dashes. */
    static Map<String, Object> params(CommandSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (OptionSpec opt : spec.options()) {
            if (opt.usageHelp() || opt.versionHelp()) {
                continue;
            }
            Object v = opt.getValue();
            p.put(opt.longestName().replaceFirst("^-+", ""), v instanceof Enum<?> e ? e.toString() : v);
        }
        return p;
    }
}
