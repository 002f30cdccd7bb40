package org.orbited.bridge.irc;

import java.time.Clock;
import javax.net.SocketFactory;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.SayService;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [plugin:irc]} (or one {@code [plugin:irc.NAME]} per network): the IRC bridge in relay mode (docs/irc.md).
 *
 * <p>{@link #start} parses and validates the section ({@link IrcOptions}; a bad option makes {@code start} throw
 * with a message naming {@code [plugin:...] key}, so the node fails only this plugin), reads the trust store, adds
 * the scoped {@link IrcSecurityPolicy} (browsers may not publish on IRC channels), the {@link SayService} through
 * which they speak, watches subscriptions of {@code /irc/<net>/*} for the {@link RelayBridge} and starts the
 * {@link NetworkConnection}, which connects in the background. {@link #stop}
 * sends QUIT and ends the bridge's threads. Logged-in visitors get their own connections
 * ({@link PersonalSessions}, services on {@code /service/irc/<net>/...}). With {@code mirror} set, the
 * {@link MirrorBridge} carries Bayeux channels across the nodes of a cluster through IRC channels.
 *
 * <p>Threading: {@code start}, {@code stop} and every callback run on the plugin's thread ({@code plugin-irc...})
 * per the plugin API's contract; nothing here blocks (the IRC connection has its own threads).
 */
public final class IrcBridgePlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(IrcBridgePlugin.class);

    private volatile IrcOptions options;
    private volatile RelayBridge relay;
    private volatile NetworkConnection connection;
    private volatile MirrorBridge mirror;
    private volatile PersonalSessions personal;
    private volatile java.util.concurrent.ScheduledExecutorService personalTimer;

    @Override
    public String name() {
        return "irc";
    }

    @Override
    public void start(PluginContext context) {
        IrcOptions parsed = IrcOptions.parse(context.name(), context.options());
        SocketFactory sockets = null;
        if (parsed.tls()) {
            try {
                sockets = VerifyingSocketFactory.create(parsed.host(), parsed.trustStore(), parsed.trustStorePassword());
            } catch (Exception e) {
                throw new IllegalArgumentException("[plugin:" + context.name() + "] truststore: " + e.getMessage(), e);
            }
        }
        this.options = parsed;
        ServerChannels channels = context.channels();
        ChannelLimits limits = IrcChannelLimits.of(parsed, channels);
        RelayBridge bridge = new RelayBridge(parsed, channels, context.executor(), Clock.systemUTC(), limits);
        MirrorBridge mirror = parsed.mirror() == null ? null
                : new MirrorBridge(parsed, channels, context.executor(), bridge::mapping, bridge);
        NetworkConnection conn = new NetworkConnection(parsed, parsed.timing(), sockets, mirror == null ? bridge : mirror);
        bridge.attach(conn);
        if (mirror != null) {
            mirror.attach(conn);
            context.addSecurityPolicy(mirror.policy());
            mirror.register();
        }
        String all = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(parsed.network()) + "/*";
        var personalTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "irc-" + parsed.network() + "-personal-timer");
            t.setDaemon(true);
            return t;
        });
        PersonalSessions sessions = new PersonalSessions(parsed, channels, context.executor(), Clock.systemUTC(),
                personalTimer, bridge::mapping, parsed.timing(), sockets);
        context.addSecurityPolicy(IrcSecurityPolicy.create(parsed, bridge::mapping, limits));
        context.claimChannels("/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(parsed.network()) + "/**");
        sessions.shareChannelFlood(bridge.channelFlood());
        sessions.register();
        new SayService(IrcCodes.CODES, "/service/irc/" + BridgeChannelNames.escape(parsed.network()) + "/say", "#name",
                channels, Clock.systemUTC(), new IrcSpeakers(parsed, bridge, sessions, limits)).register();
        PersonalEchoes echoes = new PersonalEchoes(System::nanoTime);
        sessions.announceEchoesTo(echoes);
        bridge.speakingAsThemselves(echoes);
        channels.watchClients(new org.orbited.plugin.ClientListener() {
            @Override
            public void onEnded(org.orbited.plugin.ClientInfo client, org.orbited.plugin.ClientEndReason reason) {
                bridge.clientEnded(client.clientId());
            }
        });
        channels.watchSubscriptions(all, e -> {
            bridge.onSubscription(e);
            sessions.onSubscription(e);
        });
        this.personal = sessions;
        this.personalTimer = personalTimer;
        this.relay = bridge;
        this.mirror = mirror;
        this.connection = conn;
        conn.start();
        LOG.info("[plugin:{}] started: {}", context.name(), parsed);
    }

    @Override
    public void stop() {
        PersonalSessions s = personal;
        java.util.concurrent.CompletableFuture<Void> personalDone = null;
        if (s != null) {
            personalDone = s.terminated();  // the connections open now, before stop lets go of them
            s.stop();
            personalTimer.shutdown();
        }
        NetworkConnection c = connection;
        if (c != null) {
            c.stop();
        }
        // The connections' reader threads end once the server has answered QUIT (milliseconds): wait for them,
        // bounded, so that none is still running when the node closes this plugin's class loader after stop
        // (a class first needed on the way out would then not load: NoClassDefFoundError on the reader thread).
        awaitEnded(c == null ? null : c.terminated(), personalDone);
        RelayBridge r = relay;
        if (r != null) {
            r.stop();
        }
        MirrorBridge m = mirror;
        if (m != null) {
            m.stop();
        }
    }

    /** Waits for the given completions, at most {@link #STOP_WAIT} in all; never throws. */
    private static void awaitEnded(java.util.concurrent.CompletableFuture<?>... ends) {
        java.util.List<java.util.concurrent.CompletableFuture<?>> list = new java.util.ArrayList<>();
        for (java.util.concurrent.CompletableFuture<?> e : ends) {
            if (e != null) {
                list.add(e.handle((ok, failed) -> null));  // ended with or without an error: both are ended
            }
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(list.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("IRC bridge: connections still ending after {} ms; stopping anyway", STOP_WAIT.toMillis());
        }
    }

    /** How long {@link #stop} waits for the connections' threads (the node waits 10 s for all of stop). */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(4);

    /** Mirror mode, or null when off or before start. */
    MirrorBridge mirror() {
        return mirror;
    }

    /** The options read by {@link #start}, or null before. */
    IrcOptions options() {
        return options;
    }

    /** The channel mapping now (the server's CASEMAPPING applied once connected), or null before start. */
    ChannelMapping mapping() {
        RelayBridge r = relay;
        return r == null ? null : r.mapping();
    }
}
