package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orbited.plugin.ChannelListener;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.Registration;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceHandler;
import org.orbited.plugin.SubscriptionListener;

/**
 * In-memory {@link ServerChannels} for the desk's unit tests: a set of connected clients (with identities) and a
 * record of every delivery to them. Publishing, listening and watching are not used by the desk and do nothing.
 * Single-threaded, like the plugin's thread.
 */
final class FakeChannels implements ServerChannels {
    record Delivery(String clientId, String channel, JsonNode data) {
    }

    private final Map<String, ClientInfo> clients = new HashMap<>();
    final List<Delivery> delivered = new ArrayList<>();

    /** Connects an anonymous client. */
    String connect(String clientId) {
        return connect(clientId, Identity.ANONYMOUS);
    }

    String connect(String clientId, Identity identity) {
        return connect(clientId, identity, "127.0.0.1:1");
    }

    /** Connects an anonymous client from {@code remoteAddress} ({@code host:port}). */
    String connectFrom(String clientId, String remoteAddress) {
        return connect(clientId, Identity.ANONYMOUS, remoteAddress);
    }

    String connect(String clientId, Identity identity, String remoteAddress) {
        clients.put(clientId, new ClientInfo(clientId, identity, remoteAddress, "long-polling", Instant.EPOCH));
        return clientId;
    }

    void disconnect(String clientId) {
        clients.remove(clientId);
    }

    /** The events delivered to {@code clientId} so far. */
    List<JsonNode> eventsOf(String clientId) {
        return delivered.stream().filter(d -> d.clientId().equals(clientId)).map(Delivery::data).toList();
    }

    /** The events of {@code type} delivered to {@code clientId} so far. */
    List<JsonNode> eventsOf(String clientId, String type) {
        return eventsOf(clientId).stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    @Override
    public int publish(String channel, JsonNode data) {
        return 0;
    }

    @Override
    public boolean deliver(String clientId, String channel, JsonNode data) {
        if (!clients.containsKey(clientId)) {
            return false;
        }
        delivered.add(new Delivery(clientId, channel, data));
        return true;
    }

    @Override
    public Registration listen(String channelOrPattern, ChannelListener listener) {
        return () -> { };
    }

    @Override
    public Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener) {
        return () -> { };
    }

    @Override
    public Registration handleService(String serviceChannel, ServiceHandler handler) {
        return () -> { };
    }

    @Override
    public int subscriberCount(String channelOrPattern) {
        return 0;
    }

    @Override
    public Optional<ClientInfo> client(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public Registration watchClients(org.orbited.plugin.ClientListener listener) {
        return () -> { };
    }
}
