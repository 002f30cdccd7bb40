package org.orbited.plugin;

/**
 * Sees subscribe and unsubscribe events for channels matching a pattern, registered with
 * {@link ServerChannels#watchSubscriptions}.
 *
 * <p>Called on the registering plugin's executor (thread {@code plugin-NAME}), one callback at a time and in the
 * order the events happened, never on an I/O thread. It may block, but while it does this plugin's other callbacks
 * wait, and past 10,000 waiting ones further callbacks are dropped and counted in {@code /_/status}. An exception
 * is logged with the plugin's name and the callback is skipped; the next one still runs.
 */
@FunctionalInterface
public interface SubscriptionListener {
    void onSubscriptionChange(SubscriptionEvent event);
}
