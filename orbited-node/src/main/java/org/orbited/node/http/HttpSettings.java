package org.orbited.node.http;

import java.time.Duration;
import java.util.List;

/**
 * The limits and rules of the HTTP port's pipeline; the daemon fills it from the {@code http.*}, {@code proxy.*},
 * {@code session.default_key} and {@code [transport] default} keys and the {@code [proxy]} section.
 *
 * @param maxHead               bytes of a request head: request line, header lines and blank line
 *                              ({@code http.max_head})
 * @param maxPost               bytes of a comet POST body ({@code http.max_post})
 * @param idleTimeoutMillis     time without a byte before the connection closes, unless an answer is being
 *                              produced; 0 for none ({@code http.idle_timeout})
 * @param headTimeoutMillis     time from a request's first bytes until its head, and a body the node reads, are
 *                              complete; 408 beyond, 0 for none ({@code http.head_timeout})
 * @param maxPipelined          requests a connection may send ahead of an unanswered one before it is closed
 *                              ({@code http.max_pipelined})
 * @param corsOrigins           origins the comet endpoints allow ({@code http.cors_origins})
 * @param defaultSession        the session a request without one gets ({@code session.default_key})
 * @param defaultTransport      the transport a request without one gets ({@code [transport] default})
 * @param proxyEnabled          whether the {@code proxyRoutes} are used ({@code proxy.enabled})
 * @param proxyRoutes           the {@code [proxy]} rules in file order
 * @param proxyKeepalive        whether backend connections are reused ({@code proxy.keepalive})
 * @param proxyKeepaliveTimeout idle time after which a kept backend connection closes
 *                              ({@code proxy.keepalive_default_timeout})
 */
public record HttpSettings(int maxHead, int maxPost, long idleTimeoutMillis, long headTimeoutMillis, int maxPipelined,
                           List<String> corsOrigins,
                           String defaultSession, String defaultTransport, boolean proxyEnabled,
                           List<ProxyRoute> proxyRoutes, boolean proxyKeepalive, Duration proxyKeepaliveTimeout) {
    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
        proxyRoutes = List.copyOf(proxyRoutes);
    }
}
