package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.Optional;
import org.orbited.plugin.ChannelListener;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.Registration;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceHandler;
import org.orbited.plugin.SubscriptionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServerChannels} a plugin is given: the engine's channels plus two guarantees the host owns.
 *
 * <ul>
 *   <li><b>Callbacks on the plugin thread.</b> A listener or handler call that arrives on any other thread is
 *       handed to the plugin's {@link PluginExecutor} (bounded); one that arrives on it (the engine dispatched it
 *       there already) runs at once. Either way it is guarded: a throw is logged and swallowed.</li>
 *   <li><b>Registrations are tracked.</b> {@link #close()} cancels every registration still held and makes the
 *       channels inert: later registrations come back cancelled, {@code publish} returns 0, {@code deliver}
 *       false, {@code subscriberCount} 0. A callback queued before the cancel is skipped.</li>
 * </ul>
 * Thread-safe; never blocks.
 */
final class TrackingServerChannels implements ServerChannels {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingServerChannels.class);

    private final String pluginName;
    private final ServerChannels engine;
    private final PluginExecutor executor;
    private final Set<Tracked> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TrackingServerChannels(String pluginName, ServerChannels engine, PluginExecutor executor) {
        this.pluginName = pluginName;
        this.engine = Objects.requireNonNull(engine, "engine channels");
        this.executor = executor;
    }

    @Override
    public int publish(String channel, JsonNode data) {
        if (closed) {
            LOG.debug("[plugin:{}] stopped; publish to {} ignored", pluginName, channel);
            return 0;
        }
        return engine.publish(channel, data);
    }

    @Override
    public boolean deliver(String clientId, String channel, JsonNode data) {
        return !closed && engine.deliver(clientId, channel, data);
    }

    @Override
    public Registration listen(String channelOrPattern, ChannelListener listener) {
        Objects.requireNonNull(listener, "listener");
        String label = "listener on " + channelOrPattern;
        return track(t -> engine.listen(channelOrPattern, m -> dispatch(t, label, () -> listener.onPublish(m))));
    }

    @Override
    public Registration watchSubscriptions(String channelOrPattern, SubscriptionListener listener) {
        Objects.requireNonNull(listener, "listener");
        String label = "subscription watcher on " + channelOrPattern;
        return track(t -> engine.watchSubscriptions(channelOrPattern,
                e -> dispatch(t, label, () -> listener.onSubscriptionChange(e))));
    }

    @Override
    public Registration handleService(String serviceChannel, ServiceHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String label = "service handler on " + serviceChannel;
        return track(t -> engine.handleService(serviceChannel, r -> dispatch(t, label, () -> handler.onRequest(r))));
    }

    @Override
    public int subscriberCount(String channelOrPattern) {
        return closed ? 0 : engine.subscriberCount(channelOrPattern);
    }

    @Override
    public Optional<ClientInfo> client(String clientId) {
        return closed ? Optional.empty() : engine.client(clientId);
    }

    @Override
    public Registration watchClients(ClientListener listener) {
        Objects.requireNonNull(listener, "listener");
        String label = "client watcher";
        return track(t -> engine.watchClients(new ClientListener() {
            @Override
            public void onConnected(ClientInfo client) {
                dispatch(t, label, () -> listener.onConnected(client));
            }

            @Override
            public void onEnded(ClientInfo client, ClientEndReason reason) {
                dispatch(t, label, () -> listener.onEnded(client, reason));
            }
        }));
    }

    /** Cancels every registration the plugin still holds; afterwards the channels are inert. Idempotent. */
    void close() {
        closed = true;
        for (Tracked t : live) {
            t.cancel();
        }
    }

    private Registration track(Function<Tracked, Registration> register) {
        Tracked t = new Tracked();
        live.add(t);
        if (closed) { // close() may have run before the add; it then never saw t
            t.cancel();
            return t;
        }
        try {
            t.attach(register.apply(t));
        } catch (RuntimeException e) {
            t.cancel();
            throw e;
        }
        return t;
    }

    private void dispatch(Tracked t, String label, Runnable callback) {
        Runnable guarded = () -> {
            if (!t.cancelled.get()) {
                callback.run();
            }
        };
        if (executor.inExecutorThread()) {
            executor.runGuarded(label, guarded);
        } else {
            executor.execute(label, guarded);
        }
    }

    /** A registration that removes itself from {@link #live} and cancels the engine's. */
    private final class Tracked implements Registration {
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile Registration engineRegistration;

        void attach(Registration r) {
            engineRegistration = Objects.requireNonNull(r, "the engine returned no registration");
            if (cancelled.get()) {
                cancelEngine(r); // cancelled while the engine was registering
            }
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                live.remove(this);
                Registration r = engineRegistration;
                if (r != null) {
                    cancelEngine(r);
                }
            }
        }

        private void cancelEngine(Registration r) {
            try {
                r.cancel();
            } catch (RuntimeException e) {
                LOG.warn("[plugin:{}] cancelling a registration failed", pluginName, e);
            }
        }
    }
}
