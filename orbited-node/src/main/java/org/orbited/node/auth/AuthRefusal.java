package org.orbited.node.auth;

/**
 * The one catalog of reasons a handshake's credentials are refused. Each token is the reason argument of the
 * Bayeux error {@code 401:<token>:authentication_failed} (docs/errors.md, "Authentication"), so a client can tell
 * "get a fresh token" ({@link #TOKEN_EXPIRED}) from "this token will never work".
 */
public enum AuthRefusal {
    /**
     * Authentication is required and the handshake carried no token: none in {@code ext.auth.token}, no
     * {@code Authorization: Bearer} header, no token cookie.
     */
    TOKEN_MISSING("token_missing"),
    /** The token is not a JWS compact serialisation with JSON claims, or it is not a string. */
    TOKEN_MALFORMED("token_malformed"),
    /** The token's {@code alg} header is not the one configured ({@code [auth] algorithm}). */
    TOKEN_ALGORITHM_REFUSED("token_algorithm_refused"),
    /** The signature does not verify with the configured key. */
    TOKEN_SIGNATURE_INVALID("token_signature_invalid"),
    /** {@code exp} is in the past, beyond the allowed clock skew. */
    TOKEN_EXPIRED("token_expired"),
    /** {@code nbf} is in the future, beyond the allowed clock skew. */
    TOKEN_NOT_YET_VALID("token_not_yet_valid"),
    /** The claims are unusable: no {@code exp}, no {@code sub}, or an attribute claim that is not a short string. */
    TOKEN_CLAIMS_INVALID("token_claims_invalid"),
    /** {@code [auth] issuer} is set and the token's {@code iss} is missing or another. */
    TOKEN_ISSUER_REFUSED("token_issuer_refused"),
    /** {@code [auth] audience} is set and the token's {@code aud} is missing or does not contain it. */
    TOKEN_AUDIENCE_REFUSED("token_audience_refused");

    private final String token;

    AuthRefusal(String token) {
        this.token = token;
    }

    /** The reason token on the wire. */
    public String token() {
        return token;
    }
}
