package org.orbited.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The hidden subcommand a {@link ChildPool} runs: holds one share of the subscribers, answers on stdin/stdout. */
@Command(name = "child", hidden = true, description = "Internal: one child process of a multi-process run.")
public final class ChildCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "The PoolSpec as JSON.")
    String spec;

    @Override
    public Integer call() throws Exception {
        PoolSpec s = new ObjectMapper().readValue(spec, PoolSpec.class);
        Tally tally = new Tally();
        try (Net net = new Net(s.ioThreads()); LocalPool pool = new LocalPool(net, s, tally)) {
            pool.start();
            pool.awaitEstablished();
            System.out.println(PoolReport.of(s.count(), tally, 0).toJsonLine("ready"));
            System.out.flush();
            long cpuMark = ProcInfo.processCpuNanos();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
                if (line.equals("mark")) {
                    cpuMark = ProcInfo.processCpuNanos();
                } else if (line.equals("report")) {
                    System.out.println(PoolReport.of(s.count(), tally, ProcInfo.processCpuNanos() - cpuMark)
                            .toJsonLine("report"));
                    System.out.flush();
                }
            }
        }
        return 0;
    }
}
