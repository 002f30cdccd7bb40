package org.orbited.plugin;

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

    /**
     * The node's channels: publish, listen, watch subscriptions, answer service requests. Once the plugin has
     * stopped (or failed to start) they are inert: its registrations are cancelled, new ones come back already
     * cancelled, {@code publish} returns 0 and {@code deliver} false, so a late call from a library thread is
     * harmless.
     */
    ServerChannels channels();

    /**
     * The plugin's serial executor: tasks run one at a time, in submission order, on the thread that runs every
     * callback into this plugin ({@code plugin-NAME}). Use it to hand work from a library's own threads back to the
     * plugin's thread. It shares the callbacks' bounded queue: a task submitted while 10,000 are waiting is dropped
     * and counted, not run. A task that throws is logged; the next one runs. Tasks still waiting when the plugin
     * stops are discarded.
     */
    Executor executor();
}
