package org.orbited.bridge.irc.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchNode;

/**
 * What the IRC benchmarks add to bridge-common's bench base ({@link Bench}, {@link BenchNode}): the {@code irc}
 * prefix of their result files and progress lines, and the {@code [plugin:irc.local]} section of their node.
 */
final class IrcBench {
    static final String BRIDGE = "irc";
    static final String SECTION = "irc.local";

    private IrcBench() {
    }

    /**
     * Starts a node whose {@code [plugin:irc.local]} has {@code host}/{@code port}/{@code tls = 0}/{@code nick =
     * bridge} plus {@code ircOptions} (a later key wins); waits (30 s) for it to show the plugin started.
     */
    static BenchNode node(Path dir, int ircPort, Map<String, String> ircOptions) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(ircPort));
        m.put("tls", "0");
        m.put("nick", "bridge");
        m.putAll(ircOptions);
        return BenchNode.start(dir, SECTION, m);
    }

    /** {@link Bench#write} as {@code bench/results/irc-<part>-<UTC time>.json}. */
    static Path write(String part, Map<String, Object> result) throws IOException {
        return Bench.write(BRIDGE, part, result);
    }

    /** {@link Bench#log} with the {@code irc-bench:} prefix. */
    static void log(String fmt, Object... args) {
        Bench.log(BRIDGE, fmt, args);
    }
}
