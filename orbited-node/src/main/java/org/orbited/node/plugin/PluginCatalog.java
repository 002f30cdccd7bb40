package org.orbited.node.plugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.orbited.plugin.OrbitedPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link OrbitedPlugin}s on a class path with {@link ServiceLoader}, adds those of the plugin jars
 * ({@link PluginJars}), and matches them to the {@code [plugin:SECTION]} sections.
 *
 * <p><b>Instances.</b> A section name is {@code NAME} or {@code NAME.INSTANCE}, each part 1-64 of {@code a-z},
 * {@code 0-9}, {@code -} and {@code _}; {@code NAME} is the plugin's {@link OrbitedPlugin#name()}. The whole section
 * name is the instance id ({@code PluginContext.name()}, thread {@code plugin-ID}, the status line). Every instance
 * gets its own object: the first is the instance made to read the name, each further one a new instance (from
 * {@link ServiceLoader.Provider#get()} on the class path, from the class's public no-argument constructor in a jar).
 * Each instance runs with its class loader (the jar's, or the node's for a class-path plugin) as its thread's
 * context class loader.
 *
 * <p><b>Errors.</b> A class-path provider that cannot be loaded is logged and skipped (a jar's fails the start, in
 * {@link PluginJars}); a section that names no plugin, or two,
 * or breaks the grammar is an error naming the section and listing the available names.
 */
final class PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
    private static final String PART = "[a-z0-9_-]{1,64}";
    private static final Pattern SECTION = Pattern.compile("(" + PART + ")(?:\\.(" + PART + "))?");

    /**
     * A configured instance: the object to start, its instance id (the section name), its options and its class
     * loader (the jar's, or the node's for a class-path plugin), which becomes its thread's context class loader.
     */
    record Resolved(OrbitedPlugin plugin, String name, Map<String, String> options, ClassLoader loader) {
    }

    /**
     * A plugin found, before matching: the instance made to read its name (handed to the first user), how to make
     * further ones, where it comes from ("class path" or a jar) and its class loader.
     */
    private static final class Found {
        final java.util.function.Supplier<OrbitedPlugin> more;
        final String type;
        final String where;
        final ClassLoader loader;
        OrbitedPlugin unused;

        Found(OrbitedPlugin first, java.util.function.Supplier<OrbitedPlugin> more, String where, ClassLoader loader) {
            this.unused = first;
            this.more = more;
            this.type = first.getClass().getName();
            this.where = where;
            this.loader = loader;
        }

        OrbitedPlugin take() {
            OrbitedPlugin p = unused;
            unused = null;
            return p != null ? p : more.get();
        }
    }

    /** A new instance of a jar's plugin class, through its public no-argument constructor. */
    private static OrbitedPlugin newInstance(Class<? extends OrbitedPlugin> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " has no usable public no-argument constructor: " + e, e);
        }
    }

    private PluginCatalog() {
    }

    /**
     * The instances {@code configured} names, in section-name order.
     *
     * @throws IllegalArgumentException naming every section that names no plugin, an ambiguous name or an
     *                                  invalid one, and the names available
     */
    static List<Resolved> resolve(Map<String, Map<String, String>> configured, ClassLoader loader, PluginJars jars) {
        return resolve(configured, java.util.Set.of(), loader, jars);
    }

    /**
     * As {@link #resolve(Map, ClassLoader, PluginJars)}; a section of {@code onByDefault} that has no options and names
     * no plugin is skipped with a note instead of failing (a build without that plugin on its class path).
     */
    static List<Resolved> resolve(Map<String, Map<String, String>> configured, java.util.Set<String> onByDefault,
                                  ClassLoader loader, PluginJars jars) {
        if (configured.isEmpty()) {
            return List.of(); // instantiate no class-path provider when none is wanted
        }
        int broken = 0;
        Map<String, List<Found>> byName = new TreeMap<>();
        Iterator<ServiceLoader.Provider<OrbitedPlugin>> it =
                ServiceLoader.load(OrbitedPlugin.class, loader).stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<OrbitedPlugin> provider = it.next();
                OrbitedPlugin p = provider.get();
                byName.computeIfAbsent(p.name(), n -> new ArrayList<>())
                        .add(new Found(p, provider::get, "class path", loader));
            } catch (ServiceConfigurationError | RuntimeException e) {
                broken++;
                LOG.error("a plugin listed in META-INF/services/{} could not be loaded; skipping it",
                        OrbitedPlugin.class.getName(), e);
            }
        }
        for (PluginJars.Found f : jars.plugins()) {
            Class<? extends OrbitedPlugin> type = f.plugin().getClass();
            byName.computeIfAbsent(f.name(), n -> new ArrayList<>())
                    .add(new Found(f.plugin(), () -> newInstance(type), f.jar().toString(), f.loader()));
        }
        String available = (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
                + (broken > 0 ? "; " + broken + " could not be loaded, see the log" : "");
        List<String> problems = new ArrayList<>();
        List<Resolved> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : new TreeMap<>(configured).entrySet()) {
            String section = c.getKey();
            var m = SECTION.matcher(section);
            if (!m.matches()) {
                problems.add("[plugin:" + section + "]: '" + section + "' is not a valid plugin section name "
                        + "(write NAME or NAME.INSTANCE, each 1-64 of a-z, 0-9, '-' and '_')");
                continue;
            }
            String name = m.group(1);
            List<Found> found = byName.getOrDefault(name, List.of());
            if (found.isEmpty() && c.getValue().isEmpty()
                    && onByDefault.contains(section)) {
                LOG.info("[plugin:{}] is on by default, but no plugin named '{}' is on the class path: skipped",
                        section, name); // a build without orbited-webirc
            } else if (found.isEmpty()) {
                problems.add("[plugin:" + section + "] is active, but no plugin on the class path is named '" + name
                        + "', nor any in the plugin directories " + jars.directories() + " (available: " + available + ")");
            } else if (found.size() > 1) {
                problems.add("[plugin:" + section + "] is ambiguous: " + found.stream()
                        .map(f -> f.type + " (" + f.where + ")").toList() + " are all named '" + name + "'");
            } else {
                try {
                    Found f = found.get(0);
                    out.add(new Resolved(f.take(), section, c.getValue(), f.loader));
                } catch (ServiceConfigurationError | RuntimeException e) {
                    problems.add("[plugin:" + section + "]: a new instance of " + found.get(0).type
                            + " could not be made: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginSetupException(String.join("; ", problems)
                    + ". A plugin jar lists its class in META-INF/services/" + OrbitedPlugin.class.getName() + ".");
        }
        return out;
    }
}
