package org.orbited.bridge.xmpp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.orbited.bridge.common.TestOptions;

/**
 * {@code [plugin:xmpp]} options the end-to-end tests share: the bridge's occupant logged in as account
 * {@code bridge} (password {@link #BRIDGE_PASSWORD}) on {@code localhost} at {@code 127.0.0.1:port} without TLS,
 * nick {@code bridge}, MUC service {@code conference.localhost}, allowlist {@code lobby chat-* history-*}, a short
 * join grace, generous flood limits and short reconnect timings.
 */
final class XmppTestOptions {
    /** The channel prefix of {@code conference.localhost}. */
    static final String PREFIX = "/xmpp/conference$2Elocalhost/";
    /** The say service, for {@code new BayeuxBrowser(port, SAY)}. */
    static final String SAY = "xmpp/conference$2Elocalhost/say";
    static final String BRIDGE_PASSWORD = "bridge-pw";

    private XmppTestOptions() {
    }

    /** The Bayeux channel of room {@code room}. */
    static String room(String room) {
        return PREFIX + room;
    }

    /** The shared options, then {@code overrides} as key, value pairs (a null value removes the key). */
    static Map<String, String> local(int port, String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(port));
        m.put("tls", "0");
        m.put("domain", ProsodyServer.DOMAIN);
        m.put("sasl.user", "bridge");
        m.put("sasl.password", BRIDGE_PASSWORD);
        m.put("anon.domain", ProsodyServer.ANON_DOMAIN);
        m.put("muc", ProsodyServer.MUC);
        m.put("rooms", "lobby chat-* history-*");
        m.put("nick", "bridge");
        m.put("join.grace", "500ms");
        m.put("flood.channel.rate", "100");
        m.put("flood.channel.burst", "20");
        m.put("flood.visitor.rate", "100");
        m.put("flood.visitor.burst", "20");
        m.put("reconnect.min", "200ms");
        m.put("reconnect.max", "1s");
        m.put("register.timeout", "10s");
        m.put("reply.timeout", "5s");
        return TestOptions.override(m, overrides);
    }

    /** A node on this JVM running {@code [plugin:xmpp]} against {@code prosody}, with the given option overrides. */
    static org.orbited.node.testing.RunningNode startNode(ProsodyServer prosody, String... overrides) {
        return org.orbited.node.testing.RunningNode.start(b -> b.plugins(Map.of("xmpp", local(prosody.port(),
                overrides))));
    }

    /** Closes what a test class started, in the order given, skipping what never started. */
    static void closeAll(AutoCloseable... started) {
        for (AutoCloseable c : started) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close " + c, e);
                }
            }
        }
    }

    /** A browser message whose {@code text} is {@code text}. */
    static java.util.function.Predicate<Map<String, Object>> text(String text) {
        return m -> text.equals(m.get("text"));
    }
}
