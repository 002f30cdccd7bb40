package org.orbited.node.auth;

import java.util.List;
import java.util.Objects;

/**
 * The authenticator's settings, from the {@code [auth]} section (the daemon's wiring builds them; this package does
 * not know the configuration file).
 *
 * @param algorithm        {@code HS256} or {@code RS256}
 * @param key              the key as text: for HS256 the shared secret (its UTF-8 bytes, at least 32); for RS256 the
 *                         RSA public key as PEM ({@code -----BEGIN PUBLIC KEY-----}) or as a JWK JSON object
 * @param keySource        where the key came from (a file path or {@code $VARIABLE}), for error messages
 * @param clockSkewSeconds how far {@code exp} and {@code nbf} may be off
 * @param allowAnonymous   a handshake without a token is accepted as anonymous instead of refused
 * @param attributeClaims  claims copied into the identity's attributes, when present
 * @param cookieName       the cookie a token may travel in, or empty for none
 * @param issuer           the {@code iss} every token must carry, or empty for no check
 * @param audience         a value the token's {@code aud} must contain, or empty for no check
 */
public record AuthSettings(String algorithm, String key, String keySource, long clockSkewSeconds,
                           boolean allowAnonymous, List<String> attributeClaims, String cookieName, String issuer,
                           String audience) {
    /** Settings without cookie, issuer or audience. */
    public AuthSettings(String algorithm, String key, String keySource, long clockSkewSeconds, boolean allowAnonymous,
                        List<String> attributeClaims) {
        this(algorithm, key, keySource, clockSkewSeconds, allowAnonymous, attributeClaims, "", "", "");
    }

    public AuthSettings {
        Objects.requireNonNull(cookieName, "cookieName");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keySource, "keySource");
        attributeClaims = List.copyOf(attributeClaims);
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("clock skew must not be negative: " + clockSkewSeconds);
        }
    }
}
