package org.orbited.node.plugin;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What the node gives a started plugin. Thread-safe.
 */
public interface PluginContext {
    /** The plugin's name, as in its {@code [plugin:NAME]} section. */
    String name();

    /** The keys of the plugin's section other than {@code active}, as written (trimmed); never null. */
    Map<String, String> options();

    /** The node's channels: publish, listen, watch subscriptions, answer service requests. */
    ServerChannels channels();

    /**
     * The plugin's serial executor: tasks run one at a time, in submission order, on the thread that runs every
     * callback into this plugin. Use it to hand work from a library's own threads back to the plugin's thread.
     */
    Executor executor();
}
