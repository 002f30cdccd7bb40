package org.orbited.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The server side of the node's channels, shared by Bayeux clients, Orbit-port applications and plugins. Every
 * method may be called from any thread and never blocks; listeners and handlers are called on the registering
 * plugin's executor. Channel names follow the Bayeux grammar; a bad name throws {@link IllegalArgumentException}
 * naming it.
 */
public interface ServerChannels {
    /**
     * Publishes {@code data} to a concrete broadcast channel: every subscribed Bayeux client, every Orbit browser
     * subscribed to it, and every other plugin's listener receive it. The publishing plugin's own listeners do not
     * (a bridge does not hear its own echo).
     *
     * @return the number of sessions the message was queued for
     */
    int publish(String channel, JsonNode data);

    /**
     * Delivers {@code data} on {@code channel} to one Bayeux client only (no listeners). Returns false when the
     * client is unknown.
     */
    boolean deliver(String clientId, String channel, JsonNode data);

    /**
     * Calls {@code listener} for every publication on a broadcast channel matching {@code channelOrPattern}
     * ({@code /irc/**} included), whoever published it, except publications by this plugin.
     */
    Registration listen(String channelOrPattern, ChannelListener listener);

    /** Calls {@code listener} whenever a client subscribes or unsubscribes a name matching {@code channelOrPattern}. */
    Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener);

    /**
     * Answers client publishes to {@code serviceChannel}, a {@code /service/**} channel or pattern. One handler
     * per channel; registering a second for the same name throws {@link IllegalStateException}.
     */
    Registration handleService(String serviceChannel, ServiceHandler handler);

    /** Sessions subscribed to exactly {@code channelOrPattern} now. */
    int subscriberCount(String channelOrPattern);

    /**
     * The Bayeux client {@code clientId} now: its identity, remote address, transport and connect time. Empty when
     * no such client exists (never did, or ended). Never blocks.
     */
    Optional<ClientInfo> client(String clientId);

    /**
     * Calls {@code listener} when a Bayeux client completes its handshake and when one ends, with why
     * ({@link ClientEndReason}). Only clients that connect after the registration are reported; clients that exist
     * already are not replayed.
     */
    Registration watchClients(ClientListener listener);
}
