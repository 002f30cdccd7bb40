package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.orbited.node.core.Event;
import org.orbited.node.core.Hub;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.ChannelListener;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.Registration;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceHandler;
import org.orbited.plugin.ServiceRequest;
import org.orbited.plugin.SubscriptionEvent;
import org.orbited.plugin.SubscriptionListener;

/**
 * The plugins' side of the channels: listeners, subscription watchers and service handlers, each called on its
 * plugin's executor, and {@link #forPlugin} to give each plugin its {@link ServerChannels}. Thread-safe.
 *
 * <p>The channels are the core hub's, so they work with or without the Bayeux engine: {@link #withoutBayeux} gives
 * the channels of a node with {@code [bayeux] enabled = 0}. There a plugin's publication reaches the Orbit browsers
 * subscribed to the channel ({@code channel=}) and its listeners hear Orbit-port apps' publications; as no Bayeux
 * client exists, {@code deliver} returns false, service handlers are never called and subscription watchers hear
 * nothing (Orbit browsers' channel subscriptions are not reported).
 */
public final class PluginChannels {
    private final Hub hub;
    private final ClientRegistry clients;
    private final CopyOnWriteArrayList<Listening> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Watching> watchers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Serving> services = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ClientWatching> clientWatchers = new CopyOnWriteArrayList<>();

    PluginChannels(Hub hub, ClientRegistry clients) {
        this.hub = hub;
        this.clients = clients;
    }

    /**
     * Plugin channels on {@code hub} for a node without a Bayeux engine: publications go to the hub's channel
     * subscribers (Orbit browsers) and listeners hear every hub publication (Orbit-port apps, other plugins).
     */
    public static PluginChannels withoutBayeux(Hub hub) {
        PluginChannels channels = new PluginChannels(hub, new ClientRegistry(false)); // stays empty: no clients
        hub.onPublish(channels::published);
        return channels;
    }

    /** The channels as plugin {@code name} sees them; its callbacks run on {@code executor}. */
    public ServerChannels forPlugin(String name, Executor executor) {
        return new ForPlugin(Objects.requireNonNull(name, "name"), Objects.requireNonNull(executor, "executor"));
    }

    /** Hub hook: a publication on a channel (any origin). */
    void published(Event e) {
        if (listeners.isEmpty()) {
            return;
        }
        ChannelId channel = ChannelId.tryParse(e.channel()).orElse(null);
        if (channel == null || !channel.isBroadcast()) {
            return;
        }
        LazyMessage message = null;
        for (Listening l : listeners) {
            if (l.pattern.equals(channel) || (l.pattern.isWildcard() && l.pattern.matches(channel))) {
                if (e.origin() instanceof PublicationOrigin.Plugin p && p.name().equals(l.plugin)) {
                    continue; // a plugin does not hear its own publications
                }
                if (message == null) {
                    message = new LazyMessage(e);
                }
                LazyMessage m = message;
                l.executor.execute(() -> l.listener.onPublish(m.get()));
            }
        }
    }

    /**
     * The listeners' view of one publication, built on the first plugin thread that needs it, never on the
     * publishing I/O thread, and shared by the others. Data published as a JSON value (by a Bayeux client or a
     * plugin) is that value, never parsed again; an Orbit app's body is parsed here, once.
     */
    private static final class LazyMessage {
        private final Event event;
        private PublishedMessage message;

        LazyMessage(Event event) {
            this.event = event;
        }

        synchronized PublishedMessage get() {
            if (message == null) {
                message = message(event);
            }
            return message;
        }
    }

    private static PublishedMessage message(Event e) {
        if (e.origin() instanceof PublicationOrigin.Client c) {
            return new PublishedMessage(e.channel(), c.data(), Origin.BAYEUX_CLIENT, c.clientId(), null);
        }
        if (e.origin() instanceof PublicationOrigin.Plugin p) {
            return new PublishedMessage(e.channel(), p.data(), Origin.PLUGIN, null, p.name());
        }
        return new PublishedMessage(e.channel(), BayeuxJson.parse(e), Origin.ORBIT_APP, null, null);
    }

    /** A client subscribed or unsubscribed {@code subscription}. */
    void subscriptionChanged(String clientId, String subscription, boolean subscribed) {
        if (watchers.isEmpty()) {
            return;
        }
        ChannelId sub = ChannelId.tryParse(subscription).orElse(null);
        if (sub == null) {
            return;
        }
        // A pattern subscription is matched as if its wildcard were one more segment.
        ChannelId probe = sub.isWildcard()
                ? ChannelId.parse(subscription.substring(0, subscription.lastIndexOf('/')) + "/x") : sub;
        SubscriptionEvent event = new SubscriptionEvent(clientId, subscription, subscribed,
                hub.subscriberCount(subscription));
        for (Watching w : watchers) {
            if (w.pattern.equals(sub) || (w.pattern.isWildcard() && w.pattern.matches(probe))) {
                w.executor.execute(() -> w.listener.onSubscriptionChange(event));
            }
        }
    }

    /** A client completed its handshake. */
    void clientConnected(ClientInfo client) {
        for (ClientWatching w : clientWatchers) {
            w.executor.execute(() -> w.listener.onConnected(client));
        }
    }

    /** A client ended (runs under its session's lock: only hands the calls to the plugins' executors). */
    void clientEnded(ClientInfo client, ClientEndReason reason) {
        for (ClientWatching w : clientWatchers) {
            w.executor.execute(() -> w.listener.onEnded(client, reason));
        }
    }

    /** A client published to a service channel: the matching handler, if any, gets it on its executor. */
    void serviceRequest(BayeuxSession client, String channel, JsonNode data, String id) {
        Serving s = services.get(channel);
        if (s == null) {
            ChannelId c = ChannelId.parse(channel);
            for (Serving candidate : services.values()) {
                if (candidate.pattern.isWildcard() && candidate.pattern.matches(c)) {
                    s = candidate;
                    break;
                }
            }
        }
        if (s == null) {
            return;
        }
        Serving serving = s;
        ServiceRequest request = new Request(channel, data, client.clientId, id);
        serving.executor.execute(() -> serving.handler.onRequest(request));
    }

    private final class Request implements ServiceRequest {
        private final String channel;
        private final JsonNode data;
        private final String clientId;
        private final String id;
        private final AtomicBoolean replied = new AtomicBoolean();

        Request(String channel, JsonNode data, String clientId, String id) {
            this.channel = channel;
            this.data = data;
            this.clientId = clientId;
            this.id = id;
        }

        @Override
        public String channel() {
            return channel;
        }

        @Override
        public JsonNode data() {
            return data;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void reply(JsonNode reply) {
            Objects.requireNonNull(reply, "reply");
            if (replied.compareAndSet(false, true)) {
                clients.deliverTo(clientId, channel, reply, id);
            }
        }
    }

    private record Listening(String plugin, ChannelId pattern, ChannelListener listener, Executor executor) {
    }

    private record Watching(String plugin, ChannelId pattern, SubscriptionListener listener, Executor executor) {
    }

    private record ClientWatching(String plugin, ClientListener listener, Executor executor) {
    }

    private record Serving(String plugin, ChannelId pattern, ServiceHandler handler, Executor executor) {
    }

    private static ChannelId name(String channel, boolean patternAllowed) {
        ChannelId id = ChannelId.tryParse(channel)
                .orElseThrow(() -> new IllegalArgumentException("not a valid Bayeux channel name: '" + channel + "'"));
        if (id.isWildcard() && !patternAllowed) {
            throw new IllegalArgumentException("a pattern is not allowed here: '" + channel + "'");
        }
        return id;
    }

    private final class ForPlugin implements ServerChannels {
        private final String plugin;
        private final Executor executor;

        ForPlugin(String plugin, Executor executor) {
            this.plugin = plugin;
            this.executor = executor;
        }

        @Override
        public int publish(String channel, JsonNode data) {
            ChannelId id = name(channel, false);
            if (!id.isBroadcast()) {
                throw new IllegalArgumentException("plugins publish to broadcast channels only: '" + channel + "'");
            }
            Objects.requireNonNull(data, "data");
            return hub.publish(Event.jsonOnChannel(BayeuxJson.toBytes(data), id.name(), null,
                    new PublicationOrigin.Plugin(plugin, data.deepCopy()))); // the caller keeps its own value
        }

        @Override
        public boolean deliver(String clientId, String channel, JsonNode data) {
            name(channel, false);
            return clients.deliverTo(clientId, channel, Objects.requireNonNull(data, "data"), null);
        }

        @Override
        public Registration listen(String channelOrPattern, ChannelListener listener) {
            Listening l = new Listening(plugin, name(channelOrPattern, true), Objects.requireNonNull(listener),
                    executor);
            listeners.add(l);
            return () -> listeners.remove(l);
        }

        @Override
        public Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener) {
            Watching w = new Watching(plugin, name(channelOrPattern, true), Objects.requireNonNull(listener),
                    executor);
            watchers.add(w);
            return () -> watchers.remove(w);
        }

        @Override
        public Registration handleService(String serviceChannel, ServiceHandler handler) {
            ChannelId id = name(serviceChannel, true);
            if (!id.isService()) {
                throw new IllegalArgumentException("not a /service/ channel: '" + serviceChannel + "'");
            }
            Serving s = new Serving(plugin, id, Objects.requireNonNull(handler), executor);
            if (services.putIfAbsent(id.name(), s) != null) {
                throw new IllegalStateException("a handler for '" + serviceChannel + "' is already registered");
            }
            return () -> services.remove(id.name(), s);
        }

        @Override
        public int subscriberCount(String channelOrPattern) {
            return hub.subscriberCount(name(channelOrPattern, true).name());
        }

        @Override
        public Optional<ClientInfo> client(String clientId) {
            BayeuxSession c = clients.get(Objects.requireNonNull(clientId, "clientId"));
            return c == null || c.session.isClosed() ? Optional.empty() : Optional.of(c.info);
        }

        @Override
        public Registration watchClients(ClientListener listener) {
            ClientWatching w = new ClientWatching(plugin, Objects.requireNonNull(listener, "listener"), executor);
            clientWatchers.add(w);
            return () -> clientWatchers.remove(w);
        }
    }
}
