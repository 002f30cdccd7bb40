package org.orbited.node.plugin;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.orbited.plugin.OrbitedPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars of the plugin directories, each in its own {@link URLClassLoader} whose parent is one
 * {@link PluginApiClassLoader} (the plugin API, Jackson, SLF4J and the JDK; nothing else of the node).
 *
 * <p>{@link #load} reads every {@code *.jar} directly in each directory (in name order; other files and
 * subdirectories are ignored; a directory that does not exist holds nothing), instantiates every plugin each jar
 * lists in {@code META-INF/services/org.orbited.plugin.OrbitedPlugin} and asks its name. Whether or not a plugin is
 * configured, any of these fails the whole load with one {@link IllegalArgumentException} naming every jar at
 * fault: a file that is not a readable jar, a jar without that service file or listing no plugin, a listed class
 * that cannot be loaded or instantiated, a plugin name that is invalid or that two plugins share.
 *
 * <p>Not thread-safe: the node's lifecycle thread loads and closes it.
 */
final class PluginJars implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginJars.class);
    static final String SERVICE_FILE = "META-INF/services/" + OrbitedPlugin.class.getName();
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    /** One plugin found in a jar, with the jar's loader (its thread's context class loader). */
    record Found(OrbitedPlugin plugin, String name, Path jar, ClassLoader loader) {
    }

    private final List<Path> directories;
    private final List<Found> plugins;
    private final List<URLClassLoader> loaders;

    private PluginJars(List<Path> directories, List<Found> plugins, List<URLClassLoader> loaders) {
        this.directories = List.copyOf(directories);
        this.plugins = List.copyOf(plugins);
        this.loaders = List.copyOf(loaders);
    }

    /**
     * Loads the plugin jars of {@code dirs}.
     *
     * @param node the node's class loader, where the shared packages come from
     * @throws IllegalArgumentException naming every jar at fault and what is wrong with it
     */
    static PluginJars load(List<Path> dirs, ClassLoader node) {
        PluginApiClassLoader api = new PluginApiClassLoader(node);
        List<String> problems = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path jar : jars(dir, problems)) {
                URLClassLoader loader = open(jar, api, problems);
                if (loader != null) {
                    loaders.add(loader);
                    found.addAll(plugins(jar, loader, problems));
                }
            }
        }
        Map<String, List<Found>> byName = new TreeMap<>();
        found.forEach(f -> byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f));
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                problems.add("plugin name '" + name + "' is provided by more than one plugin: "
                        + same.stream().map(f -> f.plugin().getClass().getName() + " in " + f.jar()).toList()
                        + "; remove all but one");
            }
        });
        PluginJars jars = new PluginJars(dirs, found, loaders);
        if (!problems.isEmpty()) {
            jars.close();
            throw new PluginSetupException("plugin directory: " + String.join("; ", problems));
        }
        if (!found.isEmpty()) {
            LOG.info("plugin jars: {}", found.stream().map(f -> f.name() + " (" + f.jar().getFileName() + ")").toList());
        }
        return jars;
    }

    /** The directories read, as given (for messages). */
    List<Path> directories() {
        return directories;
    }

    /** Every plugin found, in directory then jar-name order. */
    List<Found> plugins() {
        return plugins;
    }

    /** Closes every jar's class loader (its open jar file); classes already loaded keep working. */
    @Override
    public void close() {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.warn("closing plugin class loader {} failed: {}", l.getName(), e.toString());
            }
        }
    }

    private static List<Path> jars(Path dir, List<String> problems) {
        if (!Files.exists(dir)) {
            LOG.debug("plugin directory {} does not exist; no plugins from it", dir);
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            problems.add(dir + " is not a directory");
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) {
                if (Files.isRegularFile(p)) {
                    out.add(p.toAbsolutePath().normalize());
                }
            }
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e);
        }
        out.sort(null);
        return out;
    }

    /** The jar's own loader, or null (and a problem) when it is not a readable jar or has no service file. */
    private static URLClassLoader open(Path jar, ClassLoader parent, List<String> problems) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry(SERVICE_FILE) == null) {
                problems.add("plugin jar " + jar + " has no " + SERVICE_FILE
                        + " (a plugin jar lists its OrbitedPlugin classes there)");
                return null;
            }
        } catch (IOException | SecurityException e) {
            problems.add("plugin jar " + jar + " is not a readable jar: " + e.getMessage());
            return null;
        }
        try {
            return new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            problems.add("plugin jar " + jar + ": " + e.getMessage());
            return null;
        }
    }

    /** Instantiates what the jar's service file lists (with the jar's loader as context loader) and names them. */
    private static List<Found> plugins(Path jar, ClassLoader loader, List<String> problems) {
        List<Found> out = new ArrayList<>();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            Iterator<OrbitedPlugin> it = ServiceLoader.load(OrbitedPlugin.class, loader).iterator();
            while (it.hasNext()) {
                OrbitedPlugin p = it.next();
                String name = p.name();
                if (name == null || !NAME.matcher(name).matches()) {
                    problems.add("plugin jar " + jar + ": plugin " + p.getClass().getName() + " has an invalid name '"
                            + name + "' (use 1-64 of a-z, 0-9, '-' and '_')");
                } else {
                    out.add(new Found(p, name, jar, loader));
                }
            }
            if (out.isEmpty() && problems.stream().noneMatch(s -> s.contains(jar.toString()))) {
                problems.add("plugin jar " + jar + ": " + SERVICE_FILE + " lists no plugin");
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            problems.add("plugin jar " + jar + ": a plugin it lists could not be loaded: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
        } finally {
            t.setContextClassLoader(previous);
        }
        return out;
    }
}
