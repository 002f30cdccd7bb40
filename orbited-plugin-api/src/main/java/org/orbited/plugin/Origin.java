package org.orbited.plugin;

/** Who published a message ({@link PublishedMessage#origin()}). */
public enum Origin {
    /** A Bayeux client (browser or CometD client) published it; {@link PublishedMessage#clientId()} is set. */
    BAYEUX_CLIENT,
    /** An application published it on the Orbit port (a {@code /channel} recipient). */
    ORBIT_APP,
    /** A plugin published it through {@link ServerChannels#publish}; {@link PublishedMessage#pluginName()} is set. */
    PLUGIN
}
