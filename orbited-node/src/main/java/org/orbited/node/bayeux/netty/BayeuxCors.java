package org.orbited.node.bayeux.netty;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import org.orbited.node.bayeux.BayeuxSettings;

/**
 * Cross-origin use of the Bayeux endpoint: credentialed CORS for the origins in {@code bayeux.allowed_origins}
 * (the exact origin is echoed, never {@code *}, since the browser cookie must travel), and the same list for
 * WebSocket upgrades.
 */
final class BayeuxCors {
    private BayeuxCors() {
    }

    /** The origin to echo in {@code Access-Control-Allow-Origin}, or null when none is allowed. */
    static String allowed(BayeuxSettings config, String origin) {
        return config.allowsOrigin(origin) ? origin : null;
    }

    static void addHeaders(HttpHeaders h, String allowedOrigin) {
        if (allowedOrigin != null) {
            h.set("Access-Control-Allow-Origin", allowedOrigin);
            h.set("Access-Control-Allow-Credentials", "true");
            h.set("Vary", "Origin");
        }
    }

    /** True when {@code origin} names the host the request was sent to ({@code Host} header). */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI u = URI.create(origin);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
