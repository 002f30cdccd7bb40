package org.orbited.node;

import java.util.Optional;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.orbited.node.config.ConfigException;
import org.orbited.node.config.ConfigLoader;
import org.orbited.node.config.ConfigProblem;
import org.orbited.node.config.LoadedConfig;
import org.orbited.node.config.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code orbited} command: {@code orbited [OPTIONS] [CONFIG]} loads the configuration (orbit-protocol.md
 * 9.2), then runs the node until it is shut down; {@code orbited check-config [FILE]} only checks a file.
 *
 * <p>Exit codes: 0 after a clean shutdown (SIGTERM, SIGINT: the drain completed); {@value #FAILED} if the node
 * fails to start (a port in use: one line saying which port and which key sets it) or its shutdown did not
 * complete cleanly; {@value #CONFIG_ERROR} for a bad configuration, bad command line or plugins that cannot be set up
 * (a bad plugin jar, two plugins of one name: {@link org.orbited.node.plugin.PluginSetupException}) or an
 * {@code io.transport} this machine cannot run ({@code io.transport = io_uring: not available here: ...}), with one line per
 * problem on standard error; 128 + the signal's number when a second signal cuts the drain short.
 */
@Command(name = "orbited", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Orbited push daemon: the Orbit protocol for applications, comet transports for browsers.",
        subcommands = CheckConfigCommand.class)
public final class Main implements Callable<Integer> {
    /** Exit code for an invalid configuration (picocli uses the same for usage errors). */
    static final int CONFIG_ERROR = 2;
    /** Exit code when the node could not start or its shutdown failed. */
    static final int FAILED = 1;

    /** What to do with a valid configuration; tests substitute a recorder. */
    @FunctionalInterface
    interface NodeRunner {
        /** Runs the node until it stops; returns the exit code. */
        int run(NodeConfig config) throws Exception;
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "configuration file")
    Path configOption;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "configuration file, as in the original orbited (same as --config)")
    Path configArgument;

    @Mixin
    OverrideOptions overrides;

    @Spec
    CommandSpec spec;

    private final NodeRunner runner;
    private final Path workingDir;

    Main(NodeRunner runner, Path workingDir) {
        this.runner = runner;
        this.workingDir = workingDir;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Main::runNode, Path.of("")).execute(args));
    }

    /** The configured command line; {@code workingDir} is where {@code orbited.cfg} is looked for. */
    static CommandLine commandLine(NodeRunner runner, Path workingDir) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new Main(runner, workingDir), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == CheckConfigCommand.class ? cls.cast(new CheckConfigCommand(workingDir)) : defaults.create(cls);
            }
        });
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (configOption != null && configArgument != null) {
            err.println("orbited: error: give the configuration file once, either --config FILE or CONFIG");
            err.flush();
            return CONFIG_ERROR;
        }
        Path explicit = configOption != null ? configOption : configArgument;
        String source = sourceName(explicit, workingDir);
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.discover(explicit, workingDir, overrides.toOverrides());
        } catch (ConfigException e) {
            e.warnings().forEach(w -> err.println("orbited: warning: " + describe(w, source)));
            e.errors().forEach(p -> err.println("orbited: error: " + describe(p, source)));
            err.flush();
            return CONFIG_ERROR;
        }
        loaded.warnings().forEach(w -> err.println("orbited: warning: " + describe(w, source)));
        Optional<String> authProblem = Settings.authProblem(loaded.config());
        if (authProblem.isPresent()) {
            err.println("orbited: error: [auth] key: " + authProblem.get());
            err.flush();
            return CONFIG_ERROR;
        }
        Optional<String> transportProblem = NettyTransportKind.problem(loaded.config().ioTransport());
        if (transportProblem.isPresent()) {
            err.println("orbited: error: " + transportProblem.get());
            err.flush();
            return CONFIG_ERROR;
        }
        err.flush();
        try {
            return runner.run(loaded.config());
        } catch (ListenerBindException e) {
            err.println("orbited: error: " + e.getMessage());
            err.flush();
            return FAILED;
        } catch (org.orbited.node.plugin.PluginSetupException e) {
            // a bad plugin jar, a name clash, a section naming no plugin: the message names the jars and sections
            err.println("orbited: error: " + e.getMessage());
            err.flush();
            return CONFIG_ERROR;
        }
    }

    /**
     * Starts the node, stops it on SIGTERM/SIGINT (or JVM shutdown), blocks until it has stopped, and
     * returns 0 when that shutdown was clean.
     */
    private static int runNode(NodeConfig config) throws Exception {
        LogSetup.apply(config);
        OrbitedNode node = new OrbitedNode(config);
        SignalShutdown.install(node); // before start: a signal during start waits for it, then stops the node
        node.start();
        return node.awaitTermination() ? 0 : FAILED;
    }

    /** The file name problems are reported against: the file that will be read, or a placeholder. */
    static String sourceName(Path explicit, Path workingDir) {
        return ConfigLoader.locate(explicit, workingDir).map(Path::toString).orElse("(built-in defaults)");
    }

    /** One problem on one line: {@code FILE:LINE: KEY: MESSAGE}, or {@code KEY: MESSAGE} when it has no line. */
    static String describe(ConfigProblem p, String source) {
        return p.format(p.line() > 0 ? source : null);
    }

    /** {@code --version}: the jar's Implementation-Version when packaged. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"orbited-node " + (v != null ? v : "(development build)")
                    + ", wire-compatible with Orbited 0.1-0.3"};
        }
    }
}
