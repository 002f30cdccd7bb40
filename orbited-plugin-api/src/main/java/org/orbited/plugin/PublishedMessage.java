package org.orbited.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One publication on a broadcast channel, as a plugin listener sees it. Immutable, though {@code data} is a
 * shared Jackson tree that must not be modified.
 *
 * @param channel    the concrete channel it was published to, e.g. {@code /irc/libera/$23orbited}
 * @param data       the message's {@code data}; a body from the Orbit port that is not JSON arrives as a text node.
 *                   Shared: do not modify
 * @param origin     who published it
 * @param clientId   the publishing Bayeux client, or null when {@code origin} is not {@link Origin#BAYEUX_CLIENT}
 * @param pluginName the publishing plugin, or null when {@code origin} is not {@link Origin#PLUGIN}
 */
public record PublishedMessage(String channel, JsonNode data, Origin origin, String clientId, String pluginName) {
    public PublishedMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(origin, "origin");
    }
}
