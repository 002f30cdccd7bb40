package org.orbited.plugin;

/** Receives publications on a channel or pattern; called on the plugin's executor. */
@FunctionalInterface
public interface ChannelListener {
    void onPublish(PublishedMessage message);
}
