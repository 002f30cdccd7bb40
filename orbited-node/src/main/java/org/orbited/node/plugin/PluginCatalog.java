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
 * ({@link PluginJars}), and matches them to the {@code [plugin:NAME]} sections. A class-path provider that cannot
 * be loaded is logged and skipped (a jar's fails the start, in {@link PluginJars}); a section that names no plugin,
 * or two, is an error listing the available names.
 */
final class PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    /**
     * A configured plugin: the instance to start, its section's options and its class loader (the jar's, or the
     * node's for a class-path plugin), which becomes its thread's context class loader.
     */
    record Resolved(OrbitedPlugin plugin, String name, Map<String, String> options, ClassLoader loader) {
    }

    /** A plugin found, before matching: where it comes from ("class path" or a jar) and its loader. */
    private record Candidate(OrbitedPlugin plugin, String where, ClassLoader loader) {
    }

    private PluginCatalog() {
    }

    /**
     * The plugins {@code configured} names, in name order.
     *
     * @throws IllegalArgumentException naming every section that names no plugin, an ambiguous name or an
     *                                  invalid one, and the names available
     */
    static List<Resolved> resolve(Map<String, Map<String, String>> configured, ClassLoader loader, PluginJars jars) {
        if (configured.isEmpty()) {
            return List.of(); // instantiate no class-path provider when none is wanted
        }
        int broken = 0;
        Map<String, List<Candidate>> byName = new TreeMap<>();
        Iterator<OrbitedPlugin> it = ServiceLoader.load(OrbitedPlugin.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                OrbitedPlugin p = it.next();
                byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(new Candidate(p, "class path", loader));
            } catch (ServiceConfigurationError | RuntimeException e) {
                broken++;
                LOG.error("a plugin listed in META-INF/services/{} could not be loaded; skipping it",
                        OrbitedPlugin.class.getName(), e);
            }
        }
        for (PluginJars.Found f : jars.plugins()) {
            byName.computeIfAbsent(f.name(), n -> new ArrayList<>())
                    .add(new Candidate(f.plugin(), f.jar().toString(), f.loader()));
        }
        List<String> problems = new ArrayList<>();
        List<Resolved> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : new TreeMap<>(configured).entrySet()) {
            String name = c.getKey();
            List<Candidate> found = byName.getOrDefault(name, List.of());
            if (found.isEmpty()) {
                problems.add("[plugin:" + name + "] is active, but no plugin on the class path is named '" + name
                        + "', nor any in the plugin directories " + jars.directories()
                        + " (available: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
                        + (broken > 0 ? "; " + broken + " could not be loaded, see the log" : "") + ")");
            } else if (found.size() > 1) {
                problems.add("[plugin:" + name + "] is ambiguous: " + found.stream()
                        .map(p -> p.plugin().getClass().getName() + " (" + p.where() + ")").toList()
                        + " are all named '" + name + "'");
            } else if (!NAME.matcher(name).matches()) {
                problems.add("[plugin:" + name + "]: plugin " + found.get(0).plugin().getClass().getName()
                        + " has an invalid name (use 1-64 of a-z, 0-9, '-' and '_')");
            } else {
                Candidate chosen = found.get(0);
                out.add(new Resolved(chosen.plugin(), name, c.getValue(), chosen.loader()));
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginSetupException(String.join("; ", problems)
                    + ". A plugin jar lists its class in META-INF/services/" + OrbitedPlugin.class.getName() + ".");
        }
        return out;
    }
}
