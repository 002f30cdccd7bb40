package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.orbited.plugin.ChannelListener;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.Registration;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceHandler;
import org.orbited.plugin.SubscriptionListener;

/** {@link ServerChannelsFactory#unwired()}: channels for a node without a Bayeux engine; every call throws. */
final class UnwiredServerChannels implements ServerChannels {
    private static UnsupportedOperationException unwired() {
        return new UnsupportedOperationException("this node has no Bayeux engine wired to plugins yet");
    }

    @Override
    public int publish(String channel, JsonNode data) {
        throw unwired();
    }

    @Override
    public boolean deliver(String clientId, String channel, JsonNode data) {
        throw unwired();
    }

    @Override
    public Registration listen(String channelOrPattern, ChannelListener listener) {
        throw unwired();
    }

    @Override
    public Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener) {
        throw unwired();
    }

    @Override
    public Registration handleService(String serviceChannel, ServiceHandler handler) {
        throw unwired();
    }

    @Override
    public int subscriberCount(String channelOrPattern) {
        throw unwired();
    }

    @Override
    public Optional<ClientInfo> client(String clientId) {
        throw unwired();
    }

    @Override
    public Registration watchClients(ClientListener listener) {
        throw unwired();
    }
}
