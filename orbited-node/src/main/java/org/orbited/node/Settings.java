package org.orbited.node;

import java.util.List;
import org.orbited.node.bayeux.BayeuxSettings;
import org.orbited.node.config.BayeuxConfig;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.core.HubSettings;
import org.orbited.node.http.HttpSettings;
import org.orbited.node.http.ProxyRoute;
import org.orbited.node.orbit.OrbitSettings;
import org.orbited.node.transport.TransportSettings;

/**
 * Maps the configuration file's types onto the small settings record each package takes, so that only the
 * daemon knows {@link NodeConfig}: the core, the Orbit port, the transports, the HTTP pipeline and the Bayeux
 * server never import the configuration package (LayeringTest).
 */
final class Settings {
    private Settings() {
    }

    static HubSettings hub(NodeConfig c) {
        return new HubSettings(c.sessionTimeout().toMillis(), c.eventRetryLimit(), c.sessionQueueLimit(),
                c.sessionQueueBytes(), c.sessionReplayLimit(), Math.max(1, c.eventDeadline().toMillis()),
                c.sessionResumeTimeout().toMillis());
    }

    static OrbitSettings orbit(NodeConfig c) {
        return new OrbitSettings(c.opBind(), c.opPort(), c.opMaxLine(), c.opMaxHeaders(), c.opMaxBody(),
                c.opMaxHead(), c.opMaxReplyBacklog(), Math.max(1, c.opRequestTimeout().toMillis()), c.opMaxPendingBytes(),
                c.opMaxInFlight(), c.opMaxInFlightBytes());
    }

    static TransportSettings transport(NodeConfig c) {
        return new TransportSettings(c.pingInterval().toMillis(), c.modernPingInterval().toMillis(),
                c.streamMaxBytes(), c.modernStreamMaxBytes(), c.sseRetryMillis(), c.xhrMultipartBoundary(),
                c.originAgentCluster(), c.iframeAlert(), c.xhrTimeout().toMillis(), c.longPollTimeout().toMillis(),
                c.longPollMaxBatch());
    }

    static HttpSettings http(NodeConfig c) {
        List<ProxyRoute> routes = c.proxyRules().stream().map(Settings::route).toList();
        return new HttpSettings(c.httpMaxHead(), c.httpMaxPost(), c.httpIdleTimeout().toMillis(),
                c.httpHeadTimeout().toMillis(), c.httpMaxPipelined(), c.corsOrigins(),
                c.sessionDefaultKey(), c.defaultTransport(), c.proxyEnabled(), routes, c.proxyKeepalive(),
                c.proxyKeepaliveTimeout());
    }

    private static ProxyRoute route(ProxyRule r) {
        return new ProxyRoute(r.prefix(), r.host(), r.port(), r.orbited());
    }

    /**
     * Who a Bayeux client is: signed tokens when {@code [auth] algorithm} is set, else everyone anonymous.
     *
     * @throws IllegalArgumentException naming the key's source when the key is unusable
     */
    static org.orbited.node.auth.Authenticator authenticator(NodeConfig config) {
        org.orbited.node.config.AuthConfig a = config.auth();
        if (!a.enabled()) {
            return org.orbited.node.auth.Authenticator.ANONYMOUS;
        }
        return new org.orbited.node.auth.JwtAuthenticator(new org.orbited.node.auth.AuthSettings(a.algorithm(),
                a.key(), a.keySource(), a.clockSkewSeconds(), a.allowAnonymous(), a.attributes(), a.cookie(), a.issuer(),
                a.audience()),
                System::currentTimeMillis);
    }

    /**
     * Why the {@code [auth]} key is unusable (an HS256 secret under 32 bytes, a text that is no RSA public key), or
     * empty when it is usable or authentication is off. The configuration loader reads the key; this checks it.
     */
    static java.util.Optional<String> authProblem(NodeConfig config) {
        try {
            authenticator(config);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** The Bayeux server's settings: the {@code [bayeux]} section and the node's per-session byte limit. */
    static BayeuxSettings bayeux(NodeConfig config) {
        BayeuxConfig b = config.bayeux();
        return new BayeuxSettings(b.path(), b.transports(), b.timeoutMillis(),
                b.intervalMillis(), b.maxIntervalMillis(), b.maxQueue(), b.maxMessageSize(), b.maxMessagesPerRequest(),
                b.maxSubscriptions(), b.maxSessionsPerBrowser(), b.multiSessionIntervalMillis(), b.browserCookieName(),
                b.browserCookieSecure(), b.browserCookieSameSite(), b.trustClientSession(),
                b.duplicateMetaConnectStatus(), b.broadcastToPublisher(), b.callbackParameter(), b.allowedOrigins(),
                b.readOnlyChannels(), b.ackEnabled(), b.timesyncEnabled(), config.sessionQueueBytes());
    }

    /** {@code [cluster] node_name}, or the host name when it is empty ({@code localhost} when that is unknown). */
    static String nodeName(org.orbited.node.config.ClusterConfig c) {
        if (!c.nodeName().isBlank()) {
            return c.nodeName();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
