package org.orbited.node.http;

import java.util.List;
import java.util.Set;

/**
 * Which browser origins may use the modern transports cross-origin ({@code http.cors_origins}: exact
 * origins such as {@code https://app.example.com}, or {@code *} for any).
 */
public final class CorsPolicy {
    private final Set<String> origins;
    private final boolean any;

    public CorsPolicy(List<String> origins) {
        this.origins = Set.copyOf(origins);
        this.any = this.origins.contains("*");
    }

    /** The origin to echo in {@code Access-Control-Allow-Origin}, or null when it is not allowed. */
    public String allow(String origin) {
        if (origin == null || origin.isEmpty() || origin.equals("null")) {
            return null;
        }
        return any || origins.contains(origin) ? origin : null;
    }
}
