package org.orbited.node.plugin;

/**
 * A node extension found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.orbited.node.plugin.OrbitedPlugin}) and switched on by a
 * {@code [plugin:NAME]} section with {@code active = 1}, whose other keys become its {@link PluginContext#options()}.
 * The IRC and XMPP bridges are plugins.
 *
 * <p><b>Lifecycle.</b> The node calls {@link #start} once, after its listeners are bound, and {@link #stop} once
 * during shutdown, before browser connections are closed. Both run on the plugin's own thread (never a Netty I/O
 * thread) and may block for a bounded time (the node waits at most {@code plugin.start_timeout} /
 * {@code plugin.stop_timeout}). An exception from {@code start} is logged with the plugin's name and the plugin is
 * not started; the node keeps running.
 *
 * <p><b>Threading.</b> Every callback the node makes into one plugin (listeners, service handlers, subscription
 * watchers) runs on that plugin's serial executor, one at a time, in the order the events happened, never on an I/O
 * thread. A callback that throws is logged and skipped; the next one still runs. A plugin may call
 * {@link ServerChannels} from any thread; those calls never block.
 */
public interface OrbitedPlugin {
    /** The name used in {@code [plugin:NAME]}: lower-case letters, digits, {@code -} and {@code _}. */
    String name();

    /** Starts the plugin. {@code context} stays valid until {@link #stop} returns. */
    void start(PluginContext context) throws Exception;

    /** Stops the plugin: leave rooms, close sockets. Registrations are removed by the node afterwards. */
    default void stop() throws Exception {
    }
}
