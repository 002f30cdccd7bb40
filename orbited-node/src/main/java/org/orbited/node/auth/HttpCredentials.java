package org.orbited.node.auth;

import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP request carrying a handshake offered besides the message: its {@code Authorization} header and its
 * cookies. For a handshake over WebSocket these are the upgrade request's (browsers cannot set
 * {@code Authorization} there, but they send cookies). Immutable.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param cookies       the request's cookies by name (the first of a repeated name); at most {@link #MAX_COOKIES}
 */
public record HttpCredentials(String authorization, Map<String, String> cookies) {
    /** No header, no cookie: a handshake made by a plugin, or a test. */
    public static final HttpCredentials NONE = new HttpCredentials(null, Map.of());
    /** Cookies beyond this many are not read (a request head is bounded by {@code http.max_head} anyway). */
    public static final int MAX_COOKIES = 64;

    public HttpCredentials {
        cookies = Map.copyOf(cookies);
        if (cookies.size() > MAX_COOKIES) {
            throw new IllegalArgumentException(cookies.size() + " cookies; at most " + MAX_COOKIES);
        }
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (RFC 6750 2.1; the scheme is case-insensitive),
     * or empty when there is no such header.
     */
    public Optional<String> bearerToken() {
        if (authorization == null) {
            return Optional.empty();
        }
        String a = authorization.strip();
        if (a.length() <= 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = a.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The value of cookie {@code name}, or empty. */
    public Optional<String> cookie(String name) {
        String v = cookies.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
