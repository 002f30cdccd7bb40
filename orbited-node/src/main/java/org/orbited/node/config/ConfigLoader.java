package org.orbited.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a configuration file plus command-line overrides into a {@link NodeConfig}
 * (orbit-protocol.md 9).
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Defaults.</b> A file named {@code orbit.cfg} starts from {@link NodeConfig#legacyBuilder()} (0.1),
 *       any other file, or none, from {@link NodeConfig#builder()} (0.2/0.3).</li>
 *   <li><b>Keys.</b> The valid keys are those of {@link ConfigKeys#ALL}, matched case-insensitively, plus
 *       {@code [proxy]} rules (file order) and {@code [plugin:NAME]} sections (kept when {@code active} is
 *       true, its other keys becoming the plugin's options). {@code op.port} wins over {@code orbit.port}
 *       whatever their order.</li>
 *   <li><b>Warnings</b> (returned in {@link LoadedConfig#warnings()}): unknown sections and keys, keys set
 *       twice, ignored keys ({@code admin.*}), {@code orbit.port} shadowed by {@code op.port}, no file
 *       found.</li>
 *   <li><b>Errors:</b> syntax errors and invalid values. Loading always checks everything and then throws
 *       one {@link ConfigException} carrying every error, each naming the key, the value and the line.</li>
 *   <li><b>Overrides</b> are applied after the file and validated the same way; their problems have line 0.
 *       A key may be written {@code section.key} ({@code transport.default}, {@code global.http.port}),
 *       as a plain key when that is unambiguous ({@code op.port}, {@code level}), or
 *       {@code plugin:NAME.key} ({@code plugin:NAME.INSTANCE.key} for {@code [plugin:NAME.INSTANCE]}: the key is
 *       what follows the last dot, so an option whose key has a dot cannot be overridden). An unknown override key is an error, not a warning: it was typed on
 *       purpose, on the command line.</li>
 * </ul>
 * Stateless and thread-safe; every method may block only on file I/O.
 */
public final class ConfigLoader {
    /** The 0.2/0.3 file name, looked for first. */
    public static final String FILE_NAME = "orbited.cfg";
    /** The 0.1 file name; a file with this name gets the 0.1 defaults. */
    public static final String LEGACY_FILE_NAME = "orbit.cfg";

    private ConfigLoader() {
    }

    /**
     * Finds the file per orbit-protocol.md 9.2 and loads it: {@code explicit} if not null (it must exist),
     * else {@code orbited.cfg}, else {@code orbit.cfg} in {@code workingDir}, else the built-in 0.2/0.3
     * defaults with a warning.
     */
    public static LoadedConfig discover(Path explicit, Path workingDir, Map<String, String> overrides)
            throws ConfigException {
        Optional<Path> file = locate(explicit, workingDir);
        if (file.isPresent()) {
            return load(file.get(), overrides);
        }
        Loading loading = new Loading(NodeConfig.builder());
        loading.warn(0, "config", "no " + FILE_NAME + " or " + LEGACY_FILE_NAME + " in "
                + workingDir.toAbsolutePath() + "; using the built-in 0.2/0.3 defaults");
        loading.applyOverrides(overrides);
        return loading.finish();
    }

    /** The file {@link #discover} would read, or empty if it would use the built-in defaults. */
    public static Optional<Path> locate(Path explicit, Path workingDir) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        for (String name : List.of(FILE_NAME, LEGACY_FILE_NAME)) {
            Path candidate = workingDir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Reads and loads {@code path}; a missing or unreadable file is a {@link ConfigException}. */
    public static LoadedConfig load(Path path, Map<String, String> overrides) throws ConfigException {
        ConfigFile file;
        try {
            file = ConfigFile.read(path);
        } catch (NoSuchFileException e) {
            throw single(path.toString(), "file not found");
        } catch (IOException e) {
            throw single(path.toString(), "cannot read file: " + e);
        }
        return load(file, overrides);
    }

    /** Loads an already parsed file, then applies {@code overrides} (may be empty, not null). */
    public static LoadedConfig load(ConfigFile file, Map<String, String> overrides) throws ConfigException {
        boolean legacy = file.fileName().equals(LEGACY_FILE_NAME);
        Loading loading = new Loading(legacy ? NodeConfig.legacyBuilder() : NodeConfig.builder());
        loading.builder.source(toPath(file.name()));
        loading.applyFile(file);
        loading.applyOverrides(overrides);
        return loading.finish();
    }

    /** The built-in 0.2/0.3 defaults plus {@code overrides}, with no file and no warning. */
    public static LoadedConfig defaults(Map<String, String> overrides) throws ConfigException {
        Loading loading = new Loading(NodeConfig.builder());
        loading.applyOverrides(overrides);
        return loading.finish();
    }

    private static ConfigException single(String key, String message) {
        return new ConfigException(List.of(new ConfigProblem(0, key, message)), List.of());
    }

    private static Path toPath(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The mutable state of one load. */
    private static final class Loading {
        final NodeConfig.Builder builder;
        final List<ConfigProblem> errors = new ArrayList<>();
        final List<ConfigProblem> warnings = new ArrayList<>();
        final List<ProxyRule> proxyRules = new ArrayList<>();
        boolean sawProxySection;
        /** Plugin name to its keys as written, including 'active'. */
        final Map<String, Map<String, String>> pluginKeys = new LinkedHashMap<>();

        {
            // present from the start, so an override plugin:helpdesk.helper.key=... splits after "helpdesk"
            for (String name : ConfigKeys.PLUGINS_ON_BY_DEFAULT) {
                pluginKeys.put(name, new LinkedHashMap<>());
            }
        }

        Loading(NodeConfig.Builder builder) {
            this.builder = builder;
        }

        void warn(int line, String key, String message) {
            warnings.add(new ConfigProblem(line, key, message));
        }

        void error(int line, String key, String message) {
            errors.add(new ConfigProblem(line, key, message));
        }

        void applyFile(ConfigFile file) {
            errors.addAll(file.syntaxErrors());
            for (ConfigFile.Section s : file.sections()) {
                if (!isKnownSection(s.name())) {
                    warn(s.line(), "[" + s.name() + "]", "unknown section; its keys are ignored"
                            + KeySuggestions.forSection(s.name()).map(m -> "; did you mean " + m + "?").orElse(""));
                }
            }
            Integer opPortLine = null;
            for (ConfigFile.Entry e : file.entries()) {
                if (lower(e.section()).equals(ConfigKeys.GLOBAL) && lower(e.key()).equals("op.port")) {
                    opPortLine = e.line();
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            for (ConfigFile.Entry e : file.entries()) {
                String section = lower(e.section());
                if (section.equals(ConfigKeys.PROXY)) {
                    sawProxySection = true;
                    applyProxyRule(e);
                } else if (section.startsWith(ConfigKeys.PLUGIN_PREFIX)) {
                    String plugin = e.section().substring(ConfigKeys.PLUGIN_PREFIX.length()).trim();
                    putPluginKey(e.line(), plugin, e.key(), e.value());
                } else if (isKnownSection(section)) {
                    String qualified = "[" + section + "] " + e.key();
                    Integer earlier = seen.put(qualified.toLowerCase(Locale.ROOT), e.line());
                    if (earlier != null) {
                        warn(e.line(), qualified, "set again (first set on line " + earlier + "); this value wins");
                    }
                    if (opPortLine != null && section.equals(ConfigKeys.GLOBAL) && lower(e.key()).equals("orbit.port")) {
                        warn(e.line(), qualified, "ignored: op.port (line " + opPortLine + ") wins");
                        continue;
                    }
                    applyKey(e.line(), section, e.key(), e.value());
                }
            }
            if (sawProxySection) {
                builder.proxyRules(proxyRules);
            }
        }

        void applyOverrides(Map<String, String> overrides) {
            // orbit.port first, so that op.port wins whatever the map's order
            List<Map.Entry<String, String>> ordered = new ArrayList<>(overrides.entrySet());
            ordered.sort((a, b) -> Boolean.compare(!isOrbitPort(a.getKey()), !isOrbitPort(b.getKey())));
            for (Map.Entry<String, String> o : ordered) {
                applyOverride(o.getKey().trim(), o.getValue() == null ? "" : o.getValue().trim());
            }
        }

        private static boolean isOrbitPort(String key) {
            String k = lower(key.trim());
            return k.equals("orbit.port") || k.equals("global.orbit.port");
        }

        private void applyOverride(String key, String value) {
            String k = lower(key);
            if (k.startsWith(ConfigKeys.PLUGIN_PREFIX)) {
                int dot = pluginOverrideSplit(key);
                if (dot < ConfigKeys.PLUGIN_PREFIX.length() + 1 || dot == key.length() - 1) {
                    error(0, key, "plugin overrides are written plugin:NAME.key=value or plugin:NAME.INSTANCE.key=value");
                    return;
                }
                putPluginKey(0, key.substring(ConfigKeys.PLUGIN_PREFIX.length(), dot), key.substring(dot + 1), value);
                return;
            }
            if (k.startsWith(ConfigKeys.PROXY + ".")) {
                error(0, key, "proxy rules cannot be overridden; edit the [proxy] section of the file");
                return;
            }
            Optional<ConfigKey> found = resolve(k);
            if (found.isEmpty()) {
                error(0, key, "unknown configuration key (value '" + value + "')"
                        + suggestOverride(k).map(m -> "; did you mean " + m + "?").orElse("")
                        + "; see docs/configuration.md");
                return;
            }
            ConfigKey ck = found.get();
            applyKey(0, ck.section(), ck.name(), value, key);
        }

        /** A suggestion for an unknown {@code --set} key, written as {@code --set} takes it. */
        private static Optional<String> suggestOverride(String key) {
            int dot = key.indexOf('.');
            if (dot > 0 && ConfigKeys.sections().contains(key.substring(0, dot))) {
                return KeySuggestions.forKey(key.substring(0, dot), key.substring(dot + 1))
                        .map(ConfigLoader.Loading::asOverride);
            }
            return KeySuggestions.forKey(ConfigKeys.GLOBAL, key).map(ConfigLoader.Loading::asOverride);
        }

        /** {@code "[transport] stream_max_bytes"} as {@code --set} takes it: {@code transport.stream_max_bytes}. */
        private static String asOverride(String suggestion) {
            if (!suggestion.startsWith("[")) {
                return suggestion;
            }
            int end = suggestion.indexOf("] ");
            String section = suggestion.substring(1, end);
            String name = suggestion.substring(end + 2);
            return section.equals(ConfigKeys.GLOBAL) ? name : section + "." + name;
        }

        /** {@code global key}, then {@code section.key}, then a plain key found in exactly one section. */
        private static Optional<ConfigKey> resolve(String key) {
            Optional<ConfigKey> global = ConfigKeys.find(ConfigKeys.GLOBAL, key);
            if (global.isPresent()) {
                return global;
            }
            for (String section : ConfigKeys.sections()) {
                if (key.startsWith(section + ".")) {
                    Optional<ConfigKey> k = ConfigKeys.find(section, key.substring(section.length() + 1));
                    if (k.isPresent()) {
                        return k;
                    }
                }
            }
            List<ConfigKey> plain = ConfigKeys.ALL.stream().filter(k -> k.name().equals(key)).toList();
            return plain.size() == 1 ? Optional.of(plain.get(0)) : Optional.empty();
        }

        private void applyKey(int line, String section, String name, String value) {
            applyKey(line, section, name, value, "[" + section + "] " + name);
        }

        private void applyKey(int line, String section, String name, String value, String label) {
            Optional<ConfigKey> found = ConfigKeys.find(section, name);
            if (found.isEmpty()) {
                warn(line, label, "unknown key, ignored (value '" + value + "')"
                        + KeySuggestions.forKey(section, name).map(m -> "; did you mean " + m + "?").orElse(""));
                return;
            }
            ConfigKey key = found.get();
            try {
                key.applier().apply(builder, value);
            } catch (IllegalArgumentException e) {
                error(line, label, "invalid value: " + e.getMessage());
                return;
            }
            if (key.ignored()) {
                warn(line, label, "parsed but ignored: orbited-node has no admin interface");
            }
        }

        private void applyProxyRule(ConfigFile.Entry e) {
            try {
                proxyRules.add(ConfigValues.proxyRule(e.key(), e.value()));
            } catch (IllegalArgumentException ex) {
                error(e.line(), "[proxy] " + e.key(), "invalid rule '" + e.key() + " -> " + e.value() + "': "
                        + ex.getMessage());
            }
        }

        /**
         * Where a plugin override's section ends: at the dot after the longest section the file has
         * ({@code plugin:irc.server.host} with only {@code [plugin:irc]} is key {@code server.host} of it), else at
         * the last dot ({@code plugin:irc.oftc.nick} is key {@code nick} of {@code [plugin:irc.oftc]}).
         */
        private int pluginOverrideSplit(String key) {
            int start = ConfigKeys.PLUGIN_PREFIX.length();
            for (int dot = key.lastIndexOf('.'); dot > start; dot = key.lastIndexOf('.', dot - 1)) {
                if (pluginKeys.containsKey(key.substring(start, dot))) {
                    return dot;
                }
            }
            return key.lastIndexOf('.');
        }

        private void putPluginKey(int line, String plugin, String key, String value) {
            String label = "[plugin:" + plugin + "] " + key;
            if (plugin.isBlank()) {
                error(line, label, "plugin section needs a name: [plugin:NAME]");
                return;
            }
            if (lower(key).equals("active")) {
                try {
                    ConfigValues.bool(value);
                } catch (IllegalArgumentException e) {
                    error(line, label, "invalid value: " + e.getMessage());
                    return;
                }
            }
            pluginKeys.computeIfAbsent(plugin, p -> new LinkedHashMap<>()).put(key, value);
        }

        LoadedConfig finish() throws ConfigException {
            Map<String, Map<String, String>> plugins = new LinkedHashMap<>();
            pluginKeys.forEach((name, keys) -> {
                Map<String, String> options = new LinkedHashMap<>();
                boolean active = ConfigKeys.PLUGINS_ON_BY_DEFAULT.contains(name);
                for (Map.Entry<String, String> k : keys.entrySet()) {
                    if (lower(k.getKey()).equals("active")) {
                        active = ConfigValues.bool(k.getValue());
                    } else {
                        options.put(k.getKey(), k.getValue());
                    }
                }
                if (active) {
                    plugins.put(name, Map.copyOf(options));
                }
            });
            builder.plugins(plugins);
            readAuthKey();
            if (errors.stream().noneMatch(p -> p.key().toLowerCase(Locale.ROOT).contains("halod"))) {
                // (a bad halod value was reported already; the token checks would only add confusion)
                builder.cluster(c -> GatewayLinkReader.read(c, builder.source, this::error));
            }
            String layout = builder.build().cluster().layoutProblem();
            if (layout != null) {
                errors.add(new ConfigProblem(0, "cluster.routes", "[cluster] route-port layout: " + layout));
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors, warnings);
            }
            return new LoadedConfig(builder.build(), warnings);
        }

        /** {@code [auth]}: the key read now (see {@link AuthKeyReader}), so a missing key stops the node at start. */
        private void readAuthKey() {
            builder.auth(AuthKeyReader.read(builder.auth(), builder.source, this::error));
        }

        private static boolean isKnownSection(String name) {
            String s = lower(name);
            return ConfigKeys.sections().contains(s) || s.equals(ConfigKeys.PROXY)
                    || (s.startsWith(ConfigKeys.PLUGIN_PREFIX) && s.length() > ConfigKeys.PLUGIN_PREFIX.length());
        }

        private static String lower(String s) {
            return s.toLowerCase(Locale.ROOT);
        }
    }
}
