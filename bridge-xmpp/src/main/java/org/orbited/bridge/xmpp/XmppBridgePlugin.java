package org.orbited.bridge.xmpp;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.BridgePolicy;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.SayService;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [plugin:xmpp]} (or one {@code [plugin:xmpp.NAME]} per MUC service): the XMPP bridge (docs/xmpp.md), the
 * IRC bridge's sibling.
 *
 * <p>{@link #start} first makes Smack's process-wide settings ({@link SmackSetup#init}: the class-loader fix), then
 * parses the section ({@link XmppOptions}; a bad option makes {@code start} throw naming {@code [plugin:...] key}, so
 * the node fails only this plugin), reads the trust store, registers the shared {@link SayService} on
 * {@code /service/xmpp/<escaped muc>/say} with {@link XmppSpeakers} first (a second active section of the node for
 * the same {@code muc} finds it taken and fails, naming both sections), claims {@code /xmpp/<escaped muc>/**}, adds
 * the scoped shared {@link BridgePolicy} (allowed rooms only, within {@code join.max}; browsers may not publish on
 * room channels: {@code xmpp_use_say_service}), wires the visitor sessions, watches
 * subscriptions of {@code /xmpp/<escaped muc>/*} for the {@link XmppRelay} and starts the {@link XmppLink}, which
 * connects in the background. {@link #stop} disconnects and ends the bridge's threads.
 *
 * <p>Threading: {@code start}, {@code stop} and every callback run on the plugin's thread per the plugin API's
 * contract; nothing here blocks (the link has its own threads).
 */
public final class XmppBridgePlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(XmppBridgePlugin.class);
    /**
     * MUC service -> the sections serving it in this class loader: only to name them in the error (one node per JVM
     * in production; tests run several). The check itself is per node: the second section of a node for one service
     * finds its say service taken.
     */
    private static final Map<String, java.util.Set<String>> SERVING = new HashMap<>();

    private volatile XmppOptions options;
    private volatile XmppRelay relay;
    private volatile XmppLink link;
    private volatile String claimedMuc;
    private volatile String claimedBy;
    private volatile VisitorSessions visitors;
    private volatile XmppMirror mirror;

    @Override
    public String name() {
        return "xmpp";
    }

    @Override
    public void start(PluginContext context) {
        SmackSetup.init();
        XmppOptions parsed = XmppOptions.parse(context.name(), context.options());
        try {
            XmppConfigs.trustManager(parsed);
        } catch (Exception e) {
            throw parsed.bad(parsed.trustStore() != null ? "truststore" : "tls", "cannot load the trust store: "
                    + e.getMessage());
        }
        this.options = parsed;
        RoomMapping mapping = parsed.mapping();
        ServerChannels channels = context.channels();
        Clock clock = Clock.systemUTC();
        BridgeCodes codes = new BridgeCodes("xmpp");
        ChannelLimits limits = new ChannelLimits(parsed.joinMax(), parsed.mode().allowsPersonal(), channels, codes,
                "rooms");
        XmppRelay bridge = new XmppRelay(parsed, mapping, channels, context.executor(), clock, limits);
        VisitorSessions sessions = new VisitorSessions(parsed, channels, context.executor(), clock, mapping,
                bridge.echoes());
        XmppSpeakers speakers = new XmppSpeakers(mapping, bridge, limits, sessions);
        try {
            // first: a second section of this node for the same MUC service finds the service taken
            new SayService(codes, mapping.servicePrefix() + "say", "room", channels, clock, speakers).register();
        } catch (IllegalStateException taken) {
            bridge.stop();
            sessions.stop();
            throw parsed.bad("muc", mapping.muc() + " is served already by another section of this node (serving it"
                    + " in this process: " + serving(mapping.muc()) + "); one section per MUC service");
        }
        try {
            wire(context, parsed, mapping, channels, clock, limits, bridge, sessions);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** The sections serving {@code muc} in this class loader ({@code [plugin:xmpp.a], [plugin:xmpp.b]}). */
    private static String serving(String muc) {
        synchronized (SERVING) {
            return SERVING.getOrDefault(muc, java.util.Set.of()).stream().sorted().map(n -> "[plugin:" + n + "]")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    private void wire(PluginContext context, XmppOptions parsed, RoomMapping mapping, ServerChannels channels,
                      Clock clock, ChannelLimits limits, XmppRelay bridge, VisitorSessions sessions) {
        synchronized (SERVING) {
            SERVING.computeIfAbsent(mapping.muc(), k -> new java.util.TreeSet<>()).add(context.name());
            claimedMuc = mapping.muc();
            claimedBy = context.name();
        }
        this.relay = bridge;
        this.visitors = sessions;
        XmppMirror mirror = parsed.mirror() == null ? null : new XmppMirror(parsed, channels, context.executor());
        this.mirror = mirror;
        XmppLink conn = new XmppLink(parsed, mirror == null ? bridge : mirror.between(bridge), clock);
        bridge.attach(conn);
        context.claimChannels(mapping.claim());
        // browsers subscribe to allowed rooms within join.max; they never publish there (xmpp_use_say_service)
        context.addSecurityPolicy(new BridgePolicy(mapping.channelPrefix(), new BridgeCodes("xmpp"),
                RoomMapping.NOT_A_ROOM, mapping::toRoom, limits));
        if (mirror != null) {  // mirror rooms: never a browser's; publications carried across nodes
            mirror.attach(conn::connection);
            context.addSecurityPolicy(mirror.policy());
            mirror.register();
        }
        sessions.shareRoomFlood(bridge.roomFlood());  // a visitor's room line passes flood.channel.* too
        sessions.register();  // login, logout, nick, privmsg, presence (login refused with mode = relay)
        channels.watchClients(new ClientListener() {
            @Override
            public void onEnded(ClientInfo client, ClientEndReason reason) {
                bridge.clientEnded(client.clientId());
                sessions.clientEnded(client.clientId());
            }
        });
        channels.watchSubscriptions(mapping.channelPrefix() + "*", e -> {
            bridge.onSubscription(e);
            sessions.onSubscription(e);
        });
        this.link = conn;
        conn.start();
        LOG.info("[plugin:{}] started: {}", context.name(), parsed);
    }

    @Override
    public void stop() {
        VisitorSessions v = visitors;
        if (v != null) {
            v.stop();
        }
        XmppLink l = link;
        if (l != null) {
            l.stop();
        }
        XmppRelay r = relay;
        if (r != null) {
            r.stop();
        }
        XmppMirror m = mirror;
        if (m != null) {
            m.stop();
        }
        awaitEnded(v, l);
        release();
    }

    /**
     * Waits, at most {@link #STOP_WAIT} in all, for the visitor sessions' disconnects and the occupant's link to end,
     * so that none of this plugin's threads still runs when the node closes its class loader after stop (a class
     * first needed on the way out would then fail to load). Never throws.
     */
    private static void awaitEnded(VisitorSessions v, XmppLink l) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            boolean ended = v == null || v.awaitStopped(STOP_WAIT.toMillis());
            if (l != null) {
                l.terminated().handle((ok, failed) -> null)
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (!ended) {
                LOG.warn("XMPP bridge: visitor sessions still closing after {} ms; stopping anyway",
                        STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("XMPP bridge: link still closing after {} ms; stopping anyway", STOP_WAIT.toMillis());
        }
    }

    /** How long {@link #stop} waits for sessions and link to end (the node allows 10 s for all of stop). */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(4);

    private void release() {
        String muc = claimedMuc;
        if (muc != null) {
            synchronized (SERVING) {
                java.util.Set<String> names = SERVING.get(muc);
                if (names != null) {
                    names.remove(claimedBy);
                    if (names.isEmpty()) {
                        SERVING.remove(muc);
                    }
                }
            }
            claimedMuc = null;
        }
    }

    /** The options read by {@link #start}, or null before. */
    XmppOptions options() {
        return options;
    }

    /** The link, or null before start (tests). */
    XmppLink link() {
        return link;
    }
}
