package org.orbited.node.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The parent of every plugin jar's class loader: what a plugin may see of the node. Classes and resources of the
 * plugin API ({@code org.orbited.plugin}), Jackson ({@code com.fasterxml.jackson}) and SLF4J ({@code org.slf4j})
 * come from the node's loader, so a plugin shares those types with the node; the JDK comes from the platform class
 * loader; everything else (Netty, Logback, the node's own {@code org.orbited.node} classes, other plugins) is
 * hidden: loading it throws {@link ClassNotFoundException}, looking up its resources finds nothing. In particular
 * the node's {@code META-INF/services} files are hidden, so a jar's {@link java.util.ServiceLoader} sees only its own.
 *
 * <p>Written here rather than taken from a library: the filter is one prefix test over the JDK's own delegation;
 * the libraries that do this (JBoss Modules, OSGi) would bring a module system the node does not otherwise need.
 * Thread-safe (parallel capable).
 */
final class PluginApiClassLoader extends ClassLoader {
    /** Packages (as class-name prefixes) a plugin shares with the node. */
    static final List<String> SHARED_PACKAGES = List.of("org.orbited.plugin.", "com.fasterxml.jackson.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader node;

    /** @param node the loader the shared packages come from (the node's own) */
    PluginApiClassLoader(ClassLoader node) {
        super("orbited-plugin-api", ClassLoader.getPlatformClassLoader());
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return node.loadClass(name);
        }
        return super.loadClass(name, resolve); // the platform loader (the JDK), else findClass: not found
    }

    @Override
    protected URL findResource(String name) {
        return shared(resourceClassName(name)) ? node.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return shared(resourceClassName(name)) ? node.getResources(name) : Collections.emptyEnumeration();
    }

    /** True when {@code className} is in one of {@link #SHARED_PACKAGES}. */
    static boolean shared(String className) {
        for (String p : SHARED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The resource's name as a class name, for {@link #shared}; a name with a {@code .} or {@code ..} segment, a
     * backslash or a leading slash maps to "" (never shared), so {@code org/orbited/plugin/../node/X.class} cannot
     * reach the node's own resources.
     */
    static String resourceClassName(String resource) {
        if (resource.startsWith("/") || resource.indexOf('\\') >= 0) {
            return "";
        }
        for (String segment : resource.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "";
            }
        }
        return resource.replace('/', '.');
    }
}
