package org.orbited.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code orbited-bench}: one subcommand per scenario. */
@Command(name = "orbited-bench", mixinStandardHelpOptions = true, version = "orbited-bench 0.4.0",
        description = "Load generator for orbited-node, Nchan and CometD. Every run is bounded in count and time,"
                + " prints a table and writes one JSON result file.",
        subcommands = {IdleScenario.class, FanoutScenario.class, ChannelsScenario.class, OrbitScenario.class,
                ChurnScenario.class, FailoverScenario.class, ChildCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}
