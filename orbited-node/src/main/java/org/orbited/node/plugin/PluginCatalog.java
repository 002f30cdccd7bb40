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
 * Finds the {@link OrbitedPlugin}s on a class path with {@link ServiceLoader} and matches them to the
 * {@code [plugin:SECTION]} sections.
 *
 * <p><b>Instances.</b> A section name is {@code NAME} or {@code NAME.INSTANCE}, each part 1-64 of {@code a-z},
 * {@code 0-9}, {@code -} and {@code _}; {@code NAME} is the plugin's {@link OrbitedPlugin#name()}. The whole section
 * name is the instance id ({@code PluginContext.name()}, thread {@code plugin-ID}, the status line). Every instance
 * gets its own object: the first from the provider instance used to read the name, each further one a new instance
 * from {@link ServiceLoader.Provider#get()}.
 *
 * <p><b>Errors.</b> A provider that cannot be loaded is logged and skipped; a section that names no plugin, or two,
 * or breaks the grammar is an error naming the section and listing the available names.
 */
final class PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
    private static final String PART = "[a-z0-9_-]{1,64}";
    private static final Pattern SECTION = Pattern.compile("(" + PART + ")(?:\\.(" + PART + "))?");

    /** A configured instance: the object to start, its instance id (the section name) and its options. */
    record Resolved(OrbitedPlugin plugin, String name, Map<String, String> options) {
    }

    /** A provider found on the class path, with the instance made to read its name (handed to the first user). */
    private static final class Found {
        final ServiceLoader.Provider<OrbitedPlugin> provider;
        OrbitedPlugin unused;

        Found(ServiceLoader.Provider<OrbitedPlugin> provider, OrbitedPlugin first) {
            this.provider = provider;
            this.unused = first;
        }

        OrbitedPlugin take() {
            OrbitedPlugin p = unused;
            unused = null;
            return p != null ? p : provider.get();
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
    static List<Resolved> resolve(Map<String, Map<String, String>> configured, ClassLoader loader) {
        if (configured.isEmpty()) {
            return List.of(); // instantiate no provider when none is wanted
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
                byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(new Found(provider, p));
            } catch (ServiceConfigurationError | RuntimeException e) {
                broken++;
                LOG.error("a plugin listed in META-INF/services/{} could not be loaded; skipping it",
                        OrbitedPlugin.class.getName(), e);
            }
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
            if (found.isEmpty()) {
                problems.add("[plugin:" + section + "] is active, but no plugin on the class path is named '" + name
                        + "' (available: " + available + ")");
            } else if (found.size() > 1) {
                problems.add("[plugin:" + section + "] is ambiguous: " + found.stream()
                        .map(f -> f.provider.type().getName()).toList() + " are all named '" + name + "'");
            } else {
                try {
                    out.add(new Resolved(found.get(0).take(), section, c.getValue()));
                } catch (ServiceConfigurationError | RuntimeException e) {
                    problems.add("[plugin:" + section + "]: a new instance of " + found.get(0).provider.type()
                            .getName() + " could not be made: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems)
                    + ". A plugin jar lists its class in META-INF/services/" + OrbitedPlugin.class.getName() + ".");
        }
        return out;
    }
}
