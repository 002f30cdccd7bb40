package org.orbited.bridge.irc;

import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [plugin:irc]} (or one {@code [plugin:irc.NAME]} per network): the IRC bridge (docs/irc.md).
 *
 * <p><b>Built so far:</b> {@link #start} parses and validates the section ({@link IrcOptions}; a bad option makes
 * {@code start} throw with a message naming {@code [plugin:...] key}, so the node logs it and fails only this
 * plugin), builds the {@link ChannelMapping} and logs {@code ready}. <b>Not yet:</b> the IRC connection, the
 * subscription and publish listeners, personal and relay mode, mirror mode.
 *
 * <p>Threading: {@code start} and {@code stop} run on the plugin's thread ({@code plugin-irc...}) per the plugin
 * API's contract; nothing here blocks.
 */
public final class IrcBridgePlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(IrcBridgePlugin.class);

    private volatile IrcOptions options;
    private volatile ChannelMapping mapping;

    @Override
    public String name() {
        return "irc";
    }

    @Override
    public void start(PluginContext context) {
        IrcOptions parsed = IrcOptions.parse(context.name(), context.options());
        this.mapping = parsed.mapping();
        this.options = parsed;
        LOG.info("[plugin:{}] ready: {} (IRC connection not built yet)", context.name(), parsed);
    }

    /** The options read by {@link #start}, or null before. */
    IrcOptions options() {
        return options;
    }

    /** The channel mapping made by {@link #start}, or null before. */
    ChannelMapping mapping() {
        return mapping;
    }
}
