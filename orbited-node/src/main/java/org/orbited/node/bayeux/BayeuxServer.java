package org.orbited.node.bayeux;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Hub;
import org.orbited.node.core.Scheduler;
import org.orbited.node.auth.Authenticator;
import org.orbited.node.plugin.PolicyRegistry;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.SecurityPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bayeux (CometD-compatible) server over the core: what the Netty transports and the daemon see of it.
 *
 * <h2>Design</h2>
 * A Bayeux client is a detached core session (no Orbit key reaches it) with its queue, its slow-consumer limits
 * ({@code max_queue}) and its grace timer ({@code max_interval}: no connect for that long and the session
 * ends). Subscriptions are the hub's, so Orbit channel recipients, Bayeux publishes and plugin publishes reach
 * the same subscribers. Transports hand parsed batches to {@link #handle} with a {@link BayeuxRequest} and get
 * the answer through its {@link BayeuxOutput}; the server never touches a socket.
 *
 * <p>This class only wires the parts, each one job: {@link RequestDispatcher} (routing a batch),
 * {@link ClientRegistry} (clients and who may use a clientId), {@link HandshakeHandler}, {@link ConnectHandler}
 * (parking, advice, where deliveries travel and why that keeps publication order), {@link SubscriptionHandler},
 * {@link PublishHandler}, {@link ChannelAccess} (built-in rules and plugin policies), {@link Timesync},
 * {@link ResponseBodies}, and {@link PluginChannels} (the plugins' side).
 *
 * <p>Threading: any thread. While a security policy is in force (a class-path one, or a started plugin's scoped
 * one), requests are processed on the policy executor instead of the caller's (I/O) thread; with none in force they
 * run on the caller's thread (the fast path), except the frames of a WebSocket that has used the executor once,
 * which keep using it so they stay in order. The frames of one WebSocket one after another in the order
 * they arrived; while many wait, the socket stops reading (at most {@link #MAX_QUEUED_FRAMES} waiting, else it
 * is closed {@code 1013}).
 */
public final class BayeuxServer {
    private static final Logger LOG = LoggerFactory.getLogger(BayeuxServer.class);
    private static final int MAX_BATCH = 1000;
    /**
     * WebSocket frames of one socket waiting for the policy executor before the socket is closed 1013. The socket
     * stops reading long before ({@link SerialQueue#PAUSE_AT}); this bounds what was read already.
     */
    static final int MAX_QUEUED_FRAMES = 1024;

    private final BayeuxSettings settings;
    private final BayeuxCodec codec;
    private final BayeuxStats stats = new BayeuxStats();
    private final ClientRegistry registry;
    private final ConnectHandler connects;
    private final PluginChannels plugins;
    private final RequestDispatcher dispatcher;
    private final Executor policyExecutor;
    private final PolicyRegistry policies;

    /**
     * @param policy          a plugin policy asked after the built-in rules, or null
     * @param policyExecutor  where requests run when {@code policy} is set (never an I/O thread)
     */
    public BayeuxServer(BayeuxSettings settings, Hub hub, Scheduler scheduler, LongSupplier clock,
                        SecurityPolicy policy, Executor policyExecutor) {
        this(settings, hub, scheduler, clock, PolicyRegistry.of(policy), policyExecutor, Authenticator.ANONYMOUS);
    }

    /**
     * @param policies        the policies asked after the built-in rules (class-path and plugins' scoped ones)
     * @param policyExecutor  where requests run while a policy is in force (never an I/O thread); may be null
     *                        only when {@code policies} can never be in force
     * @param authenticator   decides each handshake's identity ({@link Authenticator#ANONYMOUS} without {@code [auth]})
     */
    public BayeuxServer(BayeuxSettings settings, Hub hub, Scheduler scheduler, LongSupplier clock,
                        PolicyRegistry policies, Executor policyExecutor, Authenticator authenticator) {
        this.settings = settings;
        this.policies = java.util.Objects.requireNonNull(policies, "policies");
        if (policies.mayEverBeActive() && policyExecutor == null) {
            throw new IllegalArgumentException("a policy executor is needed when security policies may be in force");
        }
        this.codec = new BayeuxCodec(new BayeuxCodec.Limits(settings.maxMessageSize(),
                settings.maxMessagesPerRequest(), BayeuxCodec.Limits.DEFAULT_MAX_JSON_DEPTH));
        this.policyExecutor = policies.mayEverBeActive() ? policyExecutor : null;
        this.registry = new ClientRegistry(settings.trustClientSession());
        this.plugins = new PluginChannels(hub, registry);
        Timesync timesync = new Timesync(settings.timesyncEnabled(), clock);
        this.connects = new ConnectHandler(settings, scheduler, new ResponseBodies(codec, stats), timesync,
                Math.min(MAX_BATCH, settings.maxQueue()));
        ChannelAccess access = new ChannelAccess(settings.readOnlyChannels(), policies);
        HandshakeHandler handshakes = new HandshakeHandler(settings, hub, registry, access, connects, timesync,
                stats, this::ended, authenticator, plugins);
        this.dispatcher = new RequestDispatcher(clock, stats, registry, handshakes, connects,
                new SubscriptionHandler(hub, access, plugins, settings.maxSubscriptions()),
                new PublishHandler(hub, access, plugins, settings.broadcastToPublisher()));
        hub.onPublish(plugins::published);
    }

    public BayeuxSettings settings() {
        return settings;
    }

    public BayeuxCodec codec() {
        return codec;
    }

    public BayeuxStats stats() {
        return stats;
    }

    /** The server side of the channels, for the plugin host. */
    public PluginChannels pluginChannels() {
        return plugins;
    }

    /** Bayeux sessions that exist now. */
    public int sessionCount() {
        return registry.size();
    }

    /** Sessions with a {@code /meta/connect} parked or held now (walks every session: for status pages and tests). */
    public int parkedConnects() {
        return registry.waitingConnects();
    }

    /** Handles one parsed request (an HTTP body or a WebSocket frame); the answer goes to its output. */
    public void handle(List<BayeuxMessage> batch, BayeuxRequest request) {
        if (policyExecutor == null
                || (!policies.active() && (request.socket() == null || !request.socket().hasFrames()))) {
            dispatcher.process(batch, request); // no policy in force: the built-in rules only, on this thread
            return;
        }
        Runnable task = () -> ChannelAccess.asPolicyTask(() -> dispatcher.process(batch, request));
        boolean queued;
        if (request.socket() != null) {
            // One socket's frames run one after another, so they are accepted in the order they were sent.
            queued = request.socket().frames(policyExecutor, MAX_QUEUED_FRAMES).submit(task);
        } else {
            try {
                policyExecutor.execute(task);
                queued = true;
            } catch (RejectedExecutionException e) {
                queued = false;
            }
        }
        if (!queued) {
            LOG.warn("policy executor full; closing the connection of {}", request.remoteAddress());
            stats.badRequest();
            request.output().close(BayeuxCloseCode.TRY_AGAIN_LATER.code(), BayeuxCloseCode.TRY_AGAIN_LATER.reason());
        }
    }

    /** A WebSocket closed: the connections of the sessions that used it end; the sessions wait for a new one. */
    public void socketClosed(BayeuxSocket socket) {
        connects.socketClosed(socket);
    }

    /** Ends every session (node shutdown): parked connects are told to handshake again. */
    public void shutdown() {
        for (BayeuxSession c : registry.all()) {
            c.session.terminate(DisconnectReason.RECONNECT);
        }
    }

    /**
     * Ends the sessions handshaken over a connection on one of {@code routes} (a HaloD route move, halod.md section
     * 5): a held or parked {@code /meta/connect} is answered with {@code reconnect: handshake} advice and a Bayeux
     * WebSocket is closed {@code 1012} after what was queued to it. Any thread; never blocks. Returns how many.
     */
    public int reconnectRoutes(java.util.function.IntPredicate routes) {
        int n = 0;
        for (BayeuxSession c : registry.all()) {
            if (routes.test(c.route)) {
                c.movedAway = true;
                c.session.terminate(DisconnectReason.RECONNECT);
                n++;
            }
        }
        return n;
    }

    /** Test hook: whether {@code clientId} names a session now, and what it waits on (see BayeuxServerProbe). */
    ClientRegistry registry() {
        return registry;
    }

    /** A session ended (disconnect, expiry, slow consumer, shutdown): forget it. Runs under its lock. */
    private void ended(BayeuxSession c) {
        registry.remove(c);
        stats.ended();
        connects.sessionEnded(c);
        for (String sub : c.session.subscriptions()) {
            plugins.subscriptionChanged(c.clientId, sub, false);
        }
        plugins.clientEnded(c.info, c.movedAway ? ClientEndReason.MOVED : endReason(c.session.endReason()));
    }

    /** The plugins' name for why a session ended; null (expiry without a word) is a timeout. */
    static ClientEndReason endReason(DisconnectReason reason) {
        if (reason == null) {
            return ClientEndReason.TIMEOUT;
        }
        return switch (reason) {
            case SLOW_CONSUMER -> ClientEndReason.SLOW_CONSUMER;
            case RECONNECT -> ClientEndReason.SHUTDOWN; // shutdown(); a route move (movedAway) reports MOVED
            case PING_TIMEOUT -> ClientEndReason.TIMEOUT;
            case DISCONNECTED, REPLACED, INVALID_UTF8, STALE -> ClientEndReason.DISCONNECT; // STALE never ends a session
        };
    }
}
