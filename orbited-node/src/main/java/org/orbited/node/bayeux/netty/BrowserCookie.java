package org.orbited.node.bayeux.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.orbited.node.bayeux.BayeuxSettings;

/** Reads and writes the Bayeux browser cookie ({@code BAYEUX_BROWSER}, bayeux.md 7). */
final class BrowserCookie {
    private BrowserCookie() {
    }

    /** The cookie's value in {@code headers}, or null. */
    static String read(HttpHeaders headers, String name) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (c.name().equals(name) && !c.value().isEmpty()) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /**
     * The credentials of a request for the authenticator: its {@code Authorization} header and its cookies (the
     * first of a repeated name; at most {@link org.orbited.node.auth.HttpCredentials#MAX_COOKIES}).
     */
    static org.orbited.node.auth.HttpCredentials credentials(String authorization, java.util.List<String> cookieHeaders) {
        if (authorization == null && cookieHeaders.isEmpty()) {
            return org.orbited.node.auth.HttpCredentials.NONE; // shared: a WebSocket keeps its upgrade's credentials
        }
        java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();
        for (String header : cookieHeaders) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (cookies.size() == org.orbited.node.auth.HttpCredentials.MAX_COOKIES) {
                    return new org.orbited.node.auth.HttpCredentials(authorization, cookies);
                }
                cookies.putIfAbsent(c.name(), c.value());
            }
        }
        return new org.orbited.node.auth.HttpCredentials(authorization, cookies);
    }

    /** The {@code Set-Cookie} value for a new browser id: {@code NAME=id; Path=/; HttpOnly} plus the options. */
    static String header(BayeuxSettings config, String id) {
        StringBuilder b = new StringBuilder(config.browserCookieName()).append('=').append(id).append("; Path=/; HttpOnly");
        if (config.browserCookieSecure()) {
            b.append("; Secure");
        }
        if (!config.browserCookieSameSite().isEmpty()) {
            b.append("; SameSite=").append(config.browserCookieSameSite());
        }
        return b.toString();
    }
}
