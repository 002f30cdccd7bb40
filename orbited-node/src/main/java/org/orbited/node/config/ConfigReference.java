package org.orbited.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/configuration.md} from {@link ConfigKeys#ALL}, the same table {@link ConfigLoader}
 * validates against. {@code ConfigReferenceTest} fails when the committed file differs from
 * {@link #render()}; regenerate with
 * {@code mvn -B -q -o test -Dtest=ConfigReferenceTest -DregenerateDocs=true} or, after a build,
 * {@code java -cp orbited-node/target/classes org.orbited.node.config.ConfigReference docs/configuration.md}.
 */
public final class ConfigReference {
    /** The reference's path relative to the repository root. */
    public static final String DOCS_PATH = "docs/configuration.md";

    private ConfigReference() {
    }

    /** Writes the reference to {@code args[0]}, default {@value #DOCS_PATH} in the working directory. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : DOCS_PATH);
        write(target);
        System.out.println("wrote " + target);
    }

    /** Writes {@link #render()} to {@code target} as UTF-8, creating parent directories. */
    public static void write(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }

    /** The complete Markdown text; deterministic, LF line endings. */
    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
          .append("<!-- Generated from org.orbited.node.config.ConfigKeys by ConfigReference; do not edit.\n")
          .append("     Regenerate: mvn -B -q -o test -Dtest=ConfigReferenceTest -DregenerateDocs=true -->\n\n")
          .append("orbited-node reads one file: the path given with `--config FILE` (or as the first argument),\n")
          .append("else `orbited.cfg` in the working directory, else `orbit.cfg`. With none of these it warns\n")
          .append("and uses the built-in 0.2/0.3 defaults. A file named `orbit.cfg` gets the 0.1 defaults\n")
          .append("(proxy and backend keep-alive off); any other file gets the 0.2/0.3 defaults.\n\n")
          .append("Check a file without starting the node: `orbited check-config FILE` prints every warning\n")
          .append("and error with its line number and exits 0 if the file is valid, 1 if not.\n\n")
          .append("## Syntax\n\n")
          .append("- `[section]` headers; `key = value` lines split at the first `=`; keys are case-insensitive.\n")
          .append("- `#` starts a comment anywhere on a line; `\\#` is a literal `#` (IRC channels:\n")
          .append("  `channels = \\#help`); blank lines are ignored. A backslash right before a comment's\n")
          .append("  `#` therefore cannot be written (`dir = C:\\data\\ # note` keeps the backslash: put a space\n")
          .append("  before the `#`); no other backslash is special.\n")
          .append("- Booleans are `0`/`1`, `true`/`false`, `yes`/`no` or `on`/`off`. Durations are whole seconds\n")
          .append("  unless the key says otherwise. Ports are 0-65535 (0 picks a free port).\n")
          .append("- Unknown sections and keys are warnings. An invalid value is an error naming the key, the\n")
          .append("  value and the line; the node reports every error and does not start.\n\n")
          .append("The *Origin* column tells which Orbited release a key comes from: `0.1`, `0.2/0.3`, or\n")
          .append("`new` for orbited-node additions.\n");
        for (String section : ConfigKeys.sections()) {
            md.append("\n## [").append(section).append("]\n\n")
              .append("| Key | Default | Origin | Meaning |\n")
              .append("|---|---|---|---|\n");
            for (ConfigKey k : ConfigKeys.ALL) {
                if (k.section().equals(section)) {
                    md.append("| `").append(k.name()).append("` | ").append(defaultCell(k)).append(" | ")
                      .append(k.origin().label()).append(" | ").append(cell(k.meaning())).append(" |\n");
                }
            }
        }
        md.append("\n## [proxy]\n\n")
          .append("Origin 0.1. One rule per line, `prefix -> target`, tried in file order; the first prefix\n")
          .append("that matches wins. The target is `http://host:port`, `host:port`, `host` (port 80) or\n")
          .append("`ORBITED`, which marks a comet location served by this node. If no rule claims `/`, every\n")
          .append("other path is a comet location. Rules apply only when `proxy.enabled` is on.\n\n")
          .append("```\n[proxy]\n/cherrychat -> ORBITED\n/ -> http://127.0.0.1:4700\n```\n\n")
          .append("(`/cherrychat` comes first: `/` would match it too.)\n")
          .append("\n## [plugin:NAME]\n\n")
          .append("Origin 0.2/0.3. `active = 1` enables the Java plugin `NAME`; the section's other keys become\n")
          .append("its options. `active` defaults to 0; an inactive plugin's keys are ignored. An active section\n")
          .append("that names no plugin on the class path or in the plugin directories (`plugin.dir` and the\n")
          .append("distribution's) stops the node from starting. See `docs/plugins.md`.\n\n")
          .append("`[plugin:NAME.INSTANCE]` is a further instance of plugin `NAME` with its own options, thread and\n")
          .append("status line (`[plugin:irc]` and `[plugin:irc.oftc]` are two IRC bridges). `NAME` and `INSTANCE`\n")
          .append("are each 1-64 of `a-z`, `0-9`, `-` and `_`; a section name that breaks this grammar stops the\n")
          .append("node from starting, naming the section.\n")
          .append("\n## Command-line overrides\n\n")
          .append("`--set KEY=VALUE` (repeatable) sets any key after the file is read, validated like the file.\n")
          .append("`KEY` is `section.key` (`transport.default`, `global.http.port`), a key that exists in only\n")
          .append("one section (`op.port`, `level`), or `plugin:NAME.key` (`plugin:NAME.INSTANCE.key`: the key is\n")
          .append("what follows the last dot, so an option whose key contains a dot cannot be overridden). `[proxy]` rules cannot be\n")
          .append("overridden. `--http-port`, `--http-bind`, `--op-port` (alias `--orbit-port`), `--op-bind` and\n")
          .append("`--log-level` are shorthands for the matching keys.\n");
        return md.toString();
    }

    private static String defaultCell(ConfigKey k) {
        String d = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
        return k.legacyDefault() == null ? d : d + " (`orbit.cfg`: `" + k.legacyDefault() + "`)";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
