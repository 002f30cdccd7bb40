package org.orbited.plugin;

/**
 * A node extension found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.orbited.plugin.OrbitedPlugin}) and switched on by a
 * {@code [plugin:NAME]} section with {@code active = 1}, whose other keys become its {@link PluginContext#options()}.
 * The IRC and XMPP bridges are plugins.
 *
 * <p><b>Lifecycle.</b> The node creates the instance with the public no-argument constructor (keep it cheap: every
 * plugin on the class path is instantiated when any plugin is configured), calls {@link #start} once, after its
 * listeners are bound, and {@link #stop} once during shutdown, before browser connections are closed. Both run on
 * the plugin's own thread {@code plugin-ID} (ID is the instance id, {@link PluginContext#name()}) (never a Netty I/O thread) and may block for a bounded time: the node
 * waits at most 10 s for all plugins' {@code start}, and again for all {@code stop}. A {@code start} that throws or does not return in time fails the plugin: it is
 * logged with the plugin's name, the plugin's thread is interrupted, its registrations are cancelled, it gets no
 * callbacks and no {@code stop} (so clean up before throwing), and the node keeps running.
 *
 * <p><b>Threading.</b> Every callback the node makes into one plugin (listeners, service handlers, subscription
 * watchers) runs on that plugin's serial executor, one at a time, in the order the events happened, never on an I/O
 * thread. A callback that throws is logged and skipped; the next one still runs. The executor's queue is bounded
 * (10,000 waiting callbacks): when a plugin falls that far behind, further callbacks are dropped, counted in
 * {@code /_/status} and logged. A plugin may call {@link ServerChannels} from any thread; those calls never block.
 */
public interface OrbitedPlugin {
    /**
     * The name used in {@code [plugin:NAME]} (and {@code [plugin:NAME.INSTANCE]} for further instances, each a new
     * object made with the no-argument constructor): 1-64 lower-case letters, digits, {@code -} and {@code _}.
     * Must be constant; a started instance is identified by {@link PluginContext#name()}, not by this.
     */
    String name();

    /** Starts the plugin. {@code context} stays valid until {@link #stop} returns. */
    void start(PluginContext context) throws Exception;

    /** Stops the plugin: leave rooms, close sockets. Registrations are removed by the node afterwards. */
    default void stop() throws Exception {
    }
}
