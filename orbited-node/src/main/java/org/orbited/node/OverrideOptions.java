package org.orbited.node;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options that override configuration keys, and their mapping to the override map
 * {@link org.orbited.node.config.ConfigLoader} applies after the file. Values stay strings here so that
 * they are validated, and reported, exactly like file values. Dedicated flags win over {@code --set}.
 */
final class OverrideOptions {
    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port ([global] http.port)")
    String httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDR", description = "HTTP listener address ([global] http.bind)")
    String httpBind;

    @Option(names = {"--op-port", "--orbit-port"}, paramLabel = "PORT",
            description = "Orbit protocol port ([global] op.port)")
    String opPort;

    @Option(names = "--op-bind", paramLabel = "ADDR", description = "Orbit listener address ([global] op.bind)")
    String opBind;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "log level ([log] level)")
    String logLevel;

    @Option(names = "--halod", paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "join the HaloD gateway(s) at these control addresses ([cluster] halod; needs a token key)")
    String halod;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "set any key, e.g. transport.default=sse or global.http.port=0 (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();

    /** {@code --set} entries in command-line order, then the dedicated flags that were given. */
    Map<String, String> toOverrides() {
        Map<String, String> out = new LinkedHashMap<>(set);
        putIfGiven(out, "http.port", httpPort);
        putIfGiven(out, "http.bind", httpBind);
        putIfGiven(out, "op.port", opPort);
        putIfGiven(out, "op.bind", opBind);
        putIfGiven(out, "log.level", logLevel);
        putIfGiven(out, "cluster.halod", halod);
        return out;
    }

    private static void putIfGiven(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.remove(key); // keep the flag's position last so its problems are reported in flag order
            out.put(key, value);
        }
    }
}
