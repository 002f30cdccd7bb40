package org.orbited.halod.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.orbited.halod.core.AssignPolicy;
import org.orbited.halod.core.HeartbeatSettings;
import org.orbited.halod.core.RoutePorts;

/**
 * Reads the gateway's configuration: a Java properties file ({@code key = value}, {@code #} comments) plus
 * {@code key=value} overrides, then validates everything at once. Every problem is one line in
 * {@link ConfigException#problems()} (an unknown key names the closest known one); the launcher prints them and
 * exits 2. Plain Java, no I/O except reading the file and a {@code token_file}.
 */
public final class GatewayConfigParser {
    /** Every key with its default ({@code null}: no default). */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("routes", "24");
        DEFAULTS.put("browser.base", "24000");
        DEFAULTS.put("app.base", "25000");
        DEFAULTS.put("bind", "127.0.0.1");
        DEFAULTS.put("control.bind", null);
        DEFAULTS.put("control.port", "7700");
        DEFAULTS.put("admin.bind", null);
        DEFAULTS.put("admin.port", "7701");
        DEFAULTS.put("token", null);
        DEFAULTS.put("token_file", null);
        DEFAULTS.put("token_env", null);
        DEFAULTS.put("heartbeat_ms", "200");
        DEFAULTS.put("miss_limit", "5");
        DEFAULTS.put("fence_ms", "600");
        DEFAULTS.put("reserve.count", "0");
        DEFAULTS.put("assign.policy", "minimal");
        DEFAULTS.put("table.file", "./halod-table.json");
        DEFAULTS.put("rebuild", "0");
        DEFAULTS.put("recovery.grace_ms", "3000");
        DEFAULTS.put("move.deadline_ms", "2000");
        DEFAULTS.put("relay.splice", "0");
        DEFAULTS.put("relay.max_connections", "9000");
        DEFAULTS.put("relay.connect_timeout_ms", "2000");
        DEFAULTS.put("relay.threads", "0");
    }

    /** The configuration is invalid; one line per problem. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Function<String, String> env;

    private GatewayConfigParser(Function<String, String> env) {
        this.env = env;
    }

    /** Parses {@code file} (may be null: defaults only) with {@code overrides} applied on top. */
    public static GatewayConfig parse(Path file, Map<String, String> overrides, Function<String, String> env)
            throws ConfigException {
        GatewayConfigParser p = new GatewayConfigParser(env);
        if (file != null) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(List.of("cannot read configuration file " + file + ": " + e.getMessage()));
            }
            props.stringPropertyNames().forEach(k -> p.put(k, props.getProperty(k).trim(), file.toString()));
        }
        overrides.forEach((k, v) -> p.put(k, v, "--set"));
        return p.build();
    }

    private void put(String key, String value, String where) {
        if (!DEFAULTS.containsKey(key)) {
            problems.add("unknown key '" + key + "' in " + where + didYouMean(key));
            return;
        }
        values.put(key, value);
    }

    private GatewayConfig build() throws ConfigException {
        int before = problems.size();
        int routes = integer("routes", 1, 4096);
        int browserBase = integer("browser.base", 1, 65535);
        int appBase = integer("app.base", 1, 65535);
        RoutePorts ports = null;
        if (problems.size() == before) {
            try {
                ports = new RoutePorts(routes, browserBase, appBase);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String bind = text("bind");
        int controlPort = integer("control.port", 0, 65535);
        int adminPort = integer("admin.port", 0, 65535);
        if (ports != null) {
            checkOutsideRoutes(ports, "control.port", controlPort);
            checkOutsideRoutes(ports, "admin.port", adminPort);
        }
        if (controlPort != 0 && controlPort == adminPort) {
            problems.add("control.port and admin.port are both " + controlPort);
        }
        HeartbeatSettings hb = null;
        long hbMs = integer("heartbeat_ms", 1, 60_000);
        int miss = integer("miss_limit", 1, 1000);
        long fence = integer("fence_ms", 1, 600_000);
        try {
            hb = new HeartbeatSettings(hbMs, miss, fence);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().replace("heartbeat.ms", "heartbeat_ms").replace("heartbeat.missLimit",
                    "miss_limit").replace("missLimit", "miss_limit").replace("fence.ms", "fence_ms"));
        }
        AssignPolicy policy = null;
        try {
            policy = AssignPolicy.fromWire(text("assign.policy"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String token = token();
        boolean splice = flag("relay.splice");
        GatewayConfig c = new GatewayConfig(ports, bind, or(values.get("control.bind"), bind), controlPort,
                or(values.get("admin.bind"), bind), adminPort, token, hb, integer("reserve.count", 0, 4096), policy,
                Path.of(text("table.file")), flag("rebuild"), integer("recovery.grace_ms", 0, 3_600_000),
                integer("move.deadline_ms", 0, 3_600_000), splice, integer("relay.max_connections", 1, 1_000_000),
                integer("relay.connect_timeout_ms", 1, 60_000), integer("relay.threads", 0, 1024));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return c;
    }

    private void checkOutsideRoutes(RoutePorts ports, String key, int port) {
        if (ports.routeOfBrowserPort(port) != 0 || ports.routeOfAppPort(port) != 0) {
            problems.add(key + " " + port + " lies inside a route port range (browser " + ports.browserBase() + ".."
                    + (ports.browserBase() + ports.routes() - 1) + ", app " + ports.appBase() + ".."
                    + (ports.appBase() + ports.routes() - 1) + ")");
        }
    }

    private String token() {
        List<String> set = new ArrayList<>();
        for (String k : List.of("token", "token_file", "token_env")) {
            if (values.get(k) != null && !values.get(k).isEmpty()) {
                set.add(k);
            }
        }
        if (set.size() != 1) {
            problems.add(set.isEmpty() ? "no token: set exactly one of token, token_file, token_env"
                    : "set exactly one of token, token_file, token_env (found " + String.join(", ", set) + ")");
            return "";
        }
        String k = set.get(0);
        String v = values.get(k);
        String token = v;
        if (k.equals("token_file")) {
            try {
                token = Files.readString(Path.of(v), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                problems.add("token_file " + v + " cannot be read: " + e);
                return "";
            }
        } else if (k.equals("token_env")) {
            token = env.apply(v);
            if (token == null) {
                problems.add("token_env names " + v + ", which is not set in the environment");
                return "";
            }
        }
        if (token.isEmpty() || token.length() > 1024) {
            problems.add("the token (from " + k + ") must be 1..1024 characters");
        }
        return token;
    }

    private String text(String key) {
        return or(values.get(key), DEFAULTS.get(key));
    }

    private int integer(String key, int min, int max) {
        String v = text(key);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
            problems.add(key + " is " + n + ", outside " + min + ".." + max);
        } catch (NumberFormatException e) {
            problems.add(key + " is '" + v + "', not an integer");
        }
        return min;
    }

    private boolean flag(String key) {
        String v = text(key);
        if (v.equals("1") || v.equalsIgnoreCase("true")) {
            return true;
        }
        if (!v.equals("0") && !v.equalsIgnoreCase("false")) {
            problems.add(key + " is '" + v + "', not 0 or 1");
        }
        return false;
    }

    private static String or(String v, String fallback) {
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** " (did you mean 'x'?)" for the closest known key within edit distance 3, else "". */
    static String didYouMean(String key) {
        String best = null;
        int bestD = 4;
        for (String k : DEFAULTS.keySet()) {
            int d = distance(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
