package org.orbited.plugin;

/** Sees subscribe and unsubscribe events for channels matching a pattern; called on the plugin's executor. */
@FunctionalInterface
public interface SubscriptionListener {
    void onSubscriptionChange(SubscriptionEvent event);
}
