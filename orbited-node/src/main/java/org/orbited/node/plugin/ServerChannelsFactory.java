package org.orbited.node.plugin;

import java.util.concurrent.Executor;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.ServerChannels;

/**
 * Makes the {@link ServerChannels} one plugin uses; implemented by the node's {@code PluginChannels} on the
 * core hub (with or without the Bayeux engine) and called by
 * {@link PluginHost} once per plugin, on the thread that starts the host, before the plugin's {@code start}.
 *
 * <p>The engine calls the plugin's listeners, subscription watchers and service handlers through
 * {@code pluginExecutor} (never on an I/O thread) and leaves the plugin's own publications out of its listeners.
 * The host wraps the returned channels: it tracks registrations to cancel them when the plugin stops, and hands any
 * callback that arrives on another thread to {@code pluginExecutor} itself, so the contract holds either way.
 */
@FunctionalInterface
public interface ServerChannelsFactory {
    /**
     * The channels for plugin {@code pluginName}.
     *
     * @param pluginName     the plugin's name, e.g. {@code irc}; publications through these channels carry it
     *                       ({@link PublishedMessage#pluginName()})
     * @param pluginExecutor the plugin's serial, bounded executor; run every callback into the plugin on it
     * @throws RuntimeException if the node cannot serve the plugin; the plugin is then marked failed
     */
    ServerChannels create(String pluginName, Executor pluginExecutor);
}
