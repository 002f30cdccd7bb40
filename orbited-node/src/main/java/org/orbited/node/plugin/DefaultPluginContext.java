package org.orbited.node.plugin;

import java.util.Map;
import java.util.concurrent.Executor;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;

/** The {@link PluginContext} {@link PluginHost} gives a plugin: its name, options, tracked channels, executor. */
record DefaultPluginContext(String name, Map<String, String> options, ServerChannels channels, Executor executor)
        implements PluginContext {
    DefaultPluginContext {
        options = Map.copyOf(options);
    }
}
