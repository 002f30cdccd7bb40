package org.orbited.bridge.xmpp;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.orbited.bridge.common.BridgeCodes;
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
 * the node fails only this plugin), checks that no other active section serves the same {@code muc} (a registry
 * inside the plugin jar; the message names both sections), reads the trust store, claims
 * {@code /xmpp/<escaped muc>/**}, adds the scoped {@link XmppSecurityPolicy} (browsers may not publish on room
 * channels: {@code xmpp_use_say_service}), registers the shared {@link SayService} on
 * {@code /service/xmpp/<escaped muc>/say} with {@link XmppSpeakers}, wires the visitor sessions, watches
 * subscriptions of {@code /xmpp/<escaped muc>/*} for the {@link XmppRelay} and starts the {@link XmppLink}, which
 * connects in the background. {@link #stop} disconnects and ends the bridge's threads.
 *
 * <p>Threading: {@code start}, {@code stop} and every callback run on the plugin's thread per the plugin API's
 * contract; nothing here blocks (the link has its own threads).
 */
public final class XmppBridgePlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(XmppBridgePlugin.class);
    /** MUC service -> the section serving it, for every started section in this class loader. */
    private static final Map<String, String> SERVING = new HashMap<>();

    private volatile XmppOptions options;
    private volatile XmppRelay relay;
    private volatile XmppLink link;
    private volatile String claimedMuc;
    private volatile VisitorsWiring visitors;

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
        RoomMapping mapping = parsed.mapping();
        synchronized (SERVING) {
            String other = SERVING.get(mapping.muc());
            if (other != null) {
                throw parsed.bad("muc", mapping.muc() + " is served already by [plugin:" + other + "]; one section"
                        + " per MUC service ([plugin:" + other + "] and [plugin:" + context.name() + "])");
            }
            SERVING.put(mapping.muc(), context.name());
            claimedMuc = mapping.muc();
        }
        try {
            wire(context, parsed, mapping);
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    private void wire(PluginContext context, XmppOptions parsed, RoomMapping mapping) {
        this.options = parsed;
        ServerChannels channels = context.channels();
        Clock clock = Clock.systemUTC();
        BridgeCodes codes = new BridgeCodes("xmpp");
        ChannelLimits limits = new ChannelLimits(parsed.joinMax(), parsed.mode().allowsPersonal(), channels, codes,
                "rooms");
        XmppRelay bridge = new XmppRelay(parsed, mapping, channels, context.executor(), clock, limits);
        XmppLink conn = new XmppLink(parsed, bridge, clock);
        bridge.attach(conn);
        context.claimChannels(mapping.claim());
        context.addSecurityPolicy(new XmppSecurityPolicy(mapping, limits));
        XmppSpeakers speakers = new XmppSpeakers(mapping, bridge, limits);
        VisitorsWiring sessions = VisitorsWiring.create(parsed, channels, context.executor(), clock, mapping,
                bridge.echoes());
        if (sessions != null) {
            sessions.register();
            speakers.personal(sessions);
        } else if (parsed.mode().allowsPersonal()) {
            LOG.warn("[plugin:{}] visitor sessions are not in this build: only relay mode works", context.name());
        }
        new SayService(codes, mapping.servicePrefix() + "say", channels, clock, speakers).register();
        channels.watchClients(new ClientListener() {
            @Override
            public void onEnded(ClientInfo client, ClientEndReason reason) {
                bridge.clientEnded(client.clientId());
                if (sessions != null) {
                    sessions.clientEnded(client.clientId());
                }
            }
        });
        channels.watchSubscriptions(mapping.channelPrefix() + "*", e -> {
            bridge.onSubscription(e);
            if (sessions != null) {
                sessions.onSubscription(e);
            }
        });
        this.visitors = sessions;
        this.relay = bridge;
        this.link = conn;
        conn.start();
        LOG.info("[plugin:{}] started: {}", context.name(), parsed);
    }

    @Override
    public void stop() {
        VisitorsWiring v = visitors;
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
        release();
    }

    private void release() {
        String muc = claimedMuc;
        if (muc != null) {
            synchronized (SERVING) {
                SERVING.remove(muc);
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
