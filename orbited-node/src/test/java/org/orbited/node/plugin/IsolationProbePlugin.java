package org.orbited.node.plugin;

import java.util.function.Function;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/**
 * [plugin:probe], packed into jars by {@link PluginDirectoryTest} (not listed in this module's service file): asked
 * a class name, loads it through its own class loader and answers the class or the exception; asked
 * {@code "start-context-loader"}, answers its thread's context class loader during {@code start}.
 */
public final class IsolationProbePlugin implements OrbitedPlugin, Function<String, Object> {
    public static final String NAME = "probe";

    private volatile ClassLoader startContextLoader;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        startContextLoader = Thread.currentThread().getContextClassLoader();
    }

    @Override
    public Object apply(String className) {
        if (className.equals("start-context-loader")) {
            return startContextLoader;
        }
        try {
            return Class.forName(className, false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return e;
        }
    }
}
