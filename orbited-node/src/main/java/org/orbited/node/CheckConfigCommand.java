package org.orbited.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbited.node.config.ConfigException;
import org.orbited.node.config.ConfigLoader;
import org.orbited.node.config.ConfigProblem;
import org.orbited.node.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orbited check-config [--strict] [FILE]}: loads the file as the node would (same discovery when FILE is
 * omitted), prints every warning and error with its line number to standard output (an unknown key or section
 * with the nearest known one), and exits {@value #VALID} if the file is valid or {@value #INVALID} if not; with
 * {@code --strict} a warning (a key the node would ignore) makes it invalid too. Never starts the node.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check a configuration file and print every warning and error with its line number.")
final class CheckConfigCommand implements Callable<Integer> {
    static final int VALID = 0;
    static final int INVALID = 1;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "file to check (default: orbited.cfg, then orbit.cfg, in the working directory)")
    Path file;

    @picocli.CommandLine.Option(names = "--strict",
            description = "treat warnings (unknown or ignored keys) as errors: exit 1 when there are any")
    boolean strict;

    @Spec
    CommandSpec spec;

    private final Path workingDir;

    CheckConfigCommand(Path workingDir) {
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String source = Main.sourceName(file, workingDir);
        try {
            LoadedConfig loaded = ConfigLoader.discover(file, workingDir, Map.of());
            java.util.Optional<String> authProblem = Settings.authProblem(loaded.config());
            if (authProblem.isPresent()) {
                print(out, "warning", loaded.warnings(), source);
                out.println("error: [auth] key: " + authProblem.get());
                out.println(source + ": INVALID (1 error(s), " + loaded.warnings().size() + " warning(s))");
                out.flush();
                return INVALID;
            }
            int warnings = loaded.warnings().size();
            print(out, "warning", loaded.warnings(), source);
            if (warnings == 0) {
                out.println(source + ": OK");
            } else if (strict) {
                out.println(source + ": INVALID (--strict: " + warnings + " warning(s))");
            } else {
                out.println(source + ": OK, but the node ignores what the " + warnings + " warning(s) above name"
                        + " (--strict makes warnings fail)");
            }
            out.flush();
            return warnings > 0 && strict ? INVALID : VALID;
        } catch (ConfigException e) {
            print(out, "warning", e.warnings(), source);
            print(out, "error", e.errors(), source);
            out.println(source + ": INVALID (" + e.errors().size() + " error(s), "
                    + e.warnings().size() + " warning(s))");
            out.flush();
            return INVALID;
        }
    }

    private static void print(PrintWriter out, String severity, List<ConfigProblem> problems, String source) {
        for (ConfigProblem p : problems) {
            out.println(severity + ": " + Main.describe(p, source));
        }
    }
}
