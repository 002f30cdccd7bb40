package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.orbited.plugin.ChannelId;
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
 * A {@link ServerChannels} that records what a plugin does and lets a test play the engine: {@link #fire} a client
 * publication, {@link #subscribe} a client, {@link #request} a service. Channel names are checked with
 * {@link ChannelId} as the engine would. Callbacks run on the calling thread ({@code fire}) or through the plugin's
 * executor ({@link #fireViaExecutor}, what the real engine does). Thread-safe.
 */
final class RecordingServerChannels implements ServerChannels {
    /** One {@code publish} or {@code deliver} call; {@code clientId} is null for a publish. */
    record Sent(String clientId, String channel, JsonNode data) {
    }

    /** One registration the plugin made. */
    record Reg(String kind, String pattern, Object callback, AtomicBoolean cancelled) implements Registration {
        @Override
        public void cancel() {
            cancelled.set(true);
        }

        boolean active() {
            return !cancelled.get();
        }
    }

    /** A service request whose reply the test can read. */
    static final class RecordingServiceRequest implements ServiceRequest {
        private final String channel;
        private final JsonNode data;
        final AtomicReference<JsonNode> reply = new AtomicReference<>();
        final AtomicReference<String> replyThread = new AtomicReference<>();

        RecordingServiceRequest(String channel, JsonNode data) {
            this.channel = channel;
            this.data = data;
        }

        @Override public String channel() { return channel; }
        @Override public JsonNode data() { return data; }
        @Override public String clientId() { return "client-1"; }
        @Override public String id() { return "7"; }

        @Override
        public void reply(JsonNode answer) {
            if (reply.compareAndSet(null, answer)) {
                replyThread.set(Thread.currentThread().getName());
            }
        }
    }

    final String pluginName;
    final Executor pluginExecutor;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<Reg> registrations = new CopyOnWriteArrayList<>();
    final Map<String, Integer> subscriberCounts = new ConcurrentHashMap<>();

    RecordingServerChannels(String pluginName, Executor pluginExecutor) {
        this.pluginName = pluginName;
        this.pluginExecutor = pluginExecutor;
    }

    @Override
    public int publish(String channel, JsonNode data) {
        ChannelId.parse(channel);
        sent.add(new Sent(null, channel, data));
        return 1;
    }

    @Override
    public boolean deliver(String clientId, String channel, JsonNode data) {
        ChannelId.parse(channel);
        sent.add(new Sent(clientId, channel, data));
        return true;
    }

    @Override
    public Registration listen(String channelOrPattern, ChannelListener listener) {
        return register("listen", channelOrPattern, listener);
    }

    @Override
    public Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener) {
        return register("watch", channelOrPattern, listener);
    }

    @Override
    public synchronized Registration handleService(String serviceChannel, ServiceHandler handler) {
        if (!ChannelId.parse(serviceChannel).isService()) {
            throw new IllegalArgumentException("not a /service channel: " + serviceChannel);
        }
        if (active("service").stream().anyMatch(r -> r.pattern().equals(serviceChannel))) {
            throw new IllegalStateException("a handler for " + serviceChannel + " is already registered");
        }
        return register("service", serviceChannel, handler);
    }

    @Override
    public int subscriberCount(String channelOrPattern) {
        return subscriberCounts.getOrDefault(channelOrPattern, 0);
    }

    @Override
    public java.util.Optional<org.orbited.plugin.ClientInfo> client(String clientId) {
        return java.util.Optional.empty();
    }

    @Override
    public Registration watchClients(org.orbited.plugin.ClientListener listener) {
        Reg r = new Reg("clients", "", listener, new AtomicBoolean());
        registrations.add(r);
        return r;
    }

    /** A Bayeux client's publication, to every matching live listener on this thread; how many were called. */
    int fire(String channel, JsonNode data) {
        PublishedMessage m = new PublishedMessage(channel, data, Origin.BAYEUX_CLIENT, "client-1", null);
        List<Reg> targets = matching("listen", channel);
        targets.forEach(r -> ((ChannelListener) r.callback()).onPublish(m));
        return targets.size();
    }

    /** As {@link #fire}, but through the plugin's executor, as the real engine dispatches. */
    int fireViaExecutor(String channel, JsonNode data) {
        PublishedMessage m = new PublishedMessage(channel, data, Origin.BAYEUX_CLIENT, "client-1", null);
        List<Reg> targets = matching("listen", channel);
        targets.forEach(r -> pluginExecutor.execute(() -> ((ChannelListener) r.callback()).onPublish(m)));
        return targets.size();
    }

    /** A client (un)subscribing {@code subscription}, to every matching live watcher on this thread. */
    void subscribe(String clientId, String subscription, boolean subscribed, int remaining) {
        SubscriptionEvent e = new SubscriptionEvent(clientId, subscription, subscribed, remaining);
        matching("watch", subscription).forEach(r -> ((SubscriptionListener) r.callback()).onSubscriptionChange(e));
    }

    /** A client's publish to a service channel, to its live handler on this thread. */
    RecordingServiceRequest request(String channel, JsonNode data) {
        RecordingServiceRequest req = new RecordingServiceRequest(channel, data);
        matching("service", channel).forEach(r -> ((ServiceHandler) r.callback()).onRequest(req));
        return req;
    }

    /** Live registrations of {@code kind} ({@code listen}, {@code watch}, {@code service}). */
    List<Reg> active(String kind) {
        return registrations.stream().filter(r -> r.kind().equals(kind) && r.active()).toList();
    }

    /** Every live registration. */
    List<Reg> active() {
        return registrations.stream().filter(Reg::active).toList();
    }

    private Registration register(String kind, String pattern, Object callback) {
        ChannelId.parse(pattern);
        Reg r = new Reg(kind, pattern, callback, new AtomicBoolean());
        registrations.add(r);
        return r;
    }

    private List<Reg> matching(String kind, String name) {
        ChannelId id = ChannelId.parse(name);
        return active(kind).stream().filter(r -> {
            ChannelId p = ChannelId.parse(r.pattern());
            return p.equals(id) || (!id.isWildcard() && p.matches(id));
        }).toList();
    }
}
