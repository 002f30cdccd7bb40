package org.orbited.halod.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.orbited.halod.core.TableMismatchException;
import org.orbited.halod.core.TableStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halod [--config FILE] [--set key=value]... [--rebuild]}: starts the gateway and runs until SIGTERM/SIGINT,
 * then unbinds, says BYE shutdown to the nodes and exits 0. Exit 2: invalid configuration (one line per problem)
 * or a stored table that does not match; exit 1: a port cannot be bound or the table file cannot be read.
 */
@Command(name = "halod", mixinStandardHelpOptions = true, version = "halod 0.4.0",
        description = "HaloD, the load-balancing gateway in front of Orbited nodes (docs/halod.md).")
public final class HaloDMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (docs/halod.md, configuration)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key (repeatable)")
    List<String> sets = List.of();

    @Option(names = "--rebuild", description = "discard a stored table of another assign.policy or N")
    boolean rebuild;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HaloDMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                System.err.println("halod: --set takes key=value, got '" + s + "'");
                return 2;
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        if (rebuild) {
            overrides.put("rebuild", "1");
        }
        GatewayConfig cfg;
        try {
            cfg = GatewayConfigParser.parse(config, overrides, System::getenv);
        } catch (GatewayConfigParser.ConfigException e) {
            e.problems().forEach(p -> System.err.println("halod: " + p));
            return 2;
        }
        HaloDGateway gateway;
        try {
            gateway = HaloDGateway.start(cfg);
        } catch (TableMismatchException | IllegalStateException e) {
            System.err.println("halod: " + e.getMessage());
            return 2;
        } catch (TableStoreException | ListenerBindException e) {
            System.err.println("halod: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "halod-shutdown"));
        try {
            for (String sig : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> new Thread(() -> {
                    gateway.close();
                    stopped.countDown();
                    System.exit(0);
                }, "halod-signal").start());
            }
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            // no signal handling on this JVM: the shutdown hook closes the gateway
        }
        stopped.await();
        return 0;
    }
}
