package org.orbited.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code [auth]} section: who a Bayeux client is. Without the section ({@code algorithm} empty) every client is
 * anonymous. With it, a handshake's signed token ({@code ext.auth.token}) is checked; see docs/plugins.md
 * "Identity".
 *
 * @param algorithm        {@code HS256}, {@code RS256}, or empty for no authentication
 * @param keyFile          the file holding the key, or null
 * @param keyEnv           the environment variable holding the key, or empty
 * @param key              the key text, read at load time from {@code keyFile} or {@code keyEnv}; empty without
 *                         authentication. Never printed ({@link #toString()} leaves it out)
 * @param clockSkewSeconds how far {@code exp} and {@code nbf} may be off
 * @param allowAnonymous   a handshake without a token is anonymous instead of refused
 * @param attributes       claims copied into the identity's attributes
 * @param cookie           the cookie a token may travel in, or empty
 * @param issuer           the {@code iss} tokens must carry, or empty
 * @param audience         a value tokens' {@code aud} must contain, or empty
 */
public record AuthConfig(String algorithm, Path keyFile, String keyEnv, String key, long clockSkewSeconds,
                         boolean allowAnonymous, List<String> attributes, String cookie, String issuer,
                         String audience) {
    public static final List<String> ALGORITHMS = List.of("HS256", "RS256");

    public AuthConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyEnv, "keyEnv");
        Objects.requireNonNull(key, "key");
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
    }

    public static AuthConfig defaults() {
        return new AuthConfig("", null, "", "", 60, false, List.of(), "", "", "");
    }

    /** Authentication is on. */
    public boolean enabled() {
        return !algorithm.isEmpty();
    }

    /** Where the key came from, for messages: the file path or {@code $VARIABLE}. */
    public String keySource() {
        return keyFile != null ? keyFile.toString() : "$" + keyEnv;
    }

    public AuthConfig withAlgorithm(String v) {
        return new AuthConfig(v, keyFile, keyEnv, key, clockSkewSeconds, allowAnonymous, attributes, cookie, issuer,
                audience);
    }

    public AuthConfig withKeyFile(Path v) {
        return new AuthConfig(algorithm, v, keyEnv, key, clockSkewSeconds, allowAnonymous, attributes, cookie, issuer,
                audience);
    }

    public AuthConfig withKeyEnv(String v) {
        return new AuthConfig(algorithm, keyFile, v, key, clockSkewSeconds, allowAnonymous, attributes, cookie, issuer,
                audience);
    }

    public AuthConfig withKey(String v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, v, clockSkewSeconds, allowAnonymous, attributes, cookie,
                issuer, audience);
    }

    public AuthConfig withClockSkewSeconds(long v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, v, allowAnonymous, attributes, cookie, issuer,
                audience);
    }

    public AuthConfig withAllowAnonymous(boolean v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, clockSkewSeconds, v, attributes, cookie, issuer,
                audience);
    }

    public AuthConfig withAttributes(List<String> v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, clockSkewSeconds, allowAnonymous, v, cookie, issuer,
                audience);
    }

    public AuthConfig withCookie(String v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, clockSkewSeconds, allowAnonymous, attributes, v, issuer,
                audience);
    }

    public AuthConfig withIssuer(String v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, clockSkewSeconds, allowAnonymous, attributes, cookie, v,
                audience);
    }

    public AuthConfig withAudience(String v) {
        return new AuthConfig(algorithm, keyFile, keyEnv, key, clockSkewSeconds, allowAnonymous, attributes, cookie,
                issuer, v);
    }

    @Override
    public String toString() {
        return "AuthConfig[algorithm=" + algorithm + ", key from " + (enabled() ? keySource() : "-")
                + ", clockSkewSeconds=" + clockSkewSeconds + ", allowAnonymous=" + allowAnonymous
                + ", attributes=" + attributes + ", cookie=" + cookie + ", issuer=" + issuer + ", audience=" + audience
                + "]";
    }
}
