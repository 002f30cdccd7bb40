package org.orbited.plugin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a Bayeux client may handshake, subscribe or publish. The node always applies its built-in rules
 * first (no client publishes or subscribes to {@code /meta/**}; channels listed in {@code [bayeux] read_only} take
 * no client publishes); a policy found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.orbited.plugin.SecurityPolicy}) is asked after them. Every policy on the class
 * path is used (no configuration switches one on); with several, all must allow and the first denial wins (in the order
 * the service loader lists them). A listed policy that cannot be loaded stops the node from starting.
 *
 * <p><b>Scoped policies.</b> A plugin can also add a policy through {@link PluginContext#addSecurityPolicy}; such a
 * policy is asked after the class-path ones and only while its plugin instance is started (not when its section
 * says {@code active = 0}, nor when its {@code start} failed).
 *
 * <p><b>Threading.</b> Called on the node's policy executor, never on an I/O thread; one request's messages are
 * decided in order. A method must return within a bounded time; it may block briefly (a cache look-up), but not
 * on the network. An exception counts as a denial with reason {@code policy_error}.
 */
public interface SecurityPolicy {
    /** May this client handshake? {@code ext} is the handshake's {@code ext} object, or null. */
    default Decision canHandshake(HandshakeInfo handshake) {
        return Decision.ALLOW;
    }

    /** May {@code clientId} subscribe to {@code channelOrPattern}? */
    default Decision canSubscribe(String clientId, String channelOrPattern) {
        return Decision.ALLOW;
    }

    /**
     * May {@code clientId} publish to the concrete channel {@code channel}? Asked only through
     * {@link #canPublish(String, String, JsonNode)}, whose default calls this; a policy that does not look at the data
     * overrides this one alone.
     */
    default Decision canPublish(String clientId, String channel) {
        return Decision.ALLOW;
    }

    /**
     * May {@code clientId} publish {@code data} to the concrete channel {@code channel}? The node asks this form for
     * every publish of a Bayeux client (including {@code /service/**}), after its built-in rules; the default asks
     * {@link #canPublish(String, String)}, so a policy that decides by channel alone need not override it. A denial
     * refuses the whole publish before anything is delivered: no subscriber and no plugin listener sees it, and the
     * publisher gets the unsuccessful reply {@code 403:<reason>:publish_denied} exactly as for the two-argument form.
     *
     * <p><b>Contract.</b> Called on the node's policy executor, never on an I/O thread, like every method here. It
     * must not block (no network, no locks held for long): it is on the path of every publish. {@code data} is the
     * publication's {@code data} member, never null (a publish without data is refused before any policy is asked;
     * JSON {@code null} arrives as a {@code NullNode});
     * it is the node's own parsed tree, shared with what is delivered afterwards: read it, never modify it, and do
     * not keep a reference after returning. Publications of plugins ({@link ServerChannels#publish}) and of the Orbit
     * port are not asked about.
     *
     * @param data the publication's {@code data} (any JSON value: object, array, string, number, ...)
     */
    default Decision canPublish(String clientId, String channel, JsonNode data) {
        return canPublish(clientId, channel);
    }

    /** The answer of a policy: allow, or deny with a reason token that goes into the Bayeux error string. */
    record Decision(boolean allowed, String reason) {
        public static final Decision ALLOW = new Decision(true, null);

        /** A denial; {@code reason} is a short token ({@code [A-Za-z0-9_]+}), e.g. {@code read_only}. */
        public static Decision deny(String reason) {
            if (reason == null || !reason.matches("[A-Za-z0-9_]{1,64}")) {
                throw new IllegalArgumentException("deny reason must be 1-64 of [A-Za-z0-9_]: " + reason);
            }
            return new Decision(false, reason);
        }
    }

    /**
     * What a policy sees of a handshake.
     *
     * @param ext         the handshake's {@code ext} as JSON text, or null
     * @param remoteAddress the client's address as {@code host:port}
     * @param origin      the request's {@code Origin} header, or null
     */
    record HandshakeInfo(String ext, String remoteAddress, String origin) {
    }
}
