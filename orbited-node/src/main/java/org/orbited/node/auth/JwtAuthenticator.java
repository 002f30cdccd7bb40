package org.orbited.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.orbited.plugin.Identity;

/**
 * Signed tokens (JWT, JWS compact form) checked with Nimbus JOSE+JWT: exactly one algorithm, {@code HS256} or
 * {@code RS256}, is accepted (a token naming another, {@code none} included, is refused before any signature
 * check); the signature must verify with the configured key; {@code exp} is required and {@code exp}/{@code nbf}
 * are enforced with the configured clock skew; {@code iss} and {@code aud} are checked when configured; {@code sub}
 * is the principal. The token is taken from the handshake's {@code ext.auth.token}, else an
 * {@code Authorization: Bearer} header, else the configured cookie. Tokens longer than
 * {@link #MAX_TOKEN_CHARS} are refused as malformed unread. Thread-safe, never blocks.
 */
public final class JwtAuthenticator implements Authenticator {
    /** The longest token read; longer ones are {@link AuthRefusal#TOKEN_MALFORMED}. */
    public static final int MAX_TOKEN_CHARS = 8192;
    /** The longest attribute value copied from a claim. */
    static final int MAX_ATTRIBUTE_CHARS = 1024;

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final long skewMillis;
    private final boolean allowAnonymous;
    private final java.util.List<String> attributeClaims;
    private final LongSupplier clock;
    private final String cookieName;
    private final String issuer;
    private final String audience;

    /**
     * @throws IllegalArgumentException naming the key source when the algorithm is unknown or the key unusable
     *                                  (an HS256 secret shorter than 32 bytes, an RS256 key that is not an RSA
     *                                  public key)
     */
    public JwtAuthenticator(AuthSettings settings, LongSupplier clock) {
        this.clock = clock;
        this.skewMillis = settings.clockSkewSeconds() * 1000;
        this.allowAnonymous = settings.allowAnonymous();
        this.attributeClaims = settings.attributeClaims();
        this.cookieName = settings.cookieName();
        this.issuer = settings.issuer();
        this.audience = settings.audience();
        if (attributeClaims.size() > Identity.MAX_ATTRIBUTES) {
            throw new IllegalArgumentException(attributeClaims.size() + " attribute claims; at most "
                    + Identity.MAX_ATTRIBUTES);
        }
        try {
            switch (settings.algorithm()) {
                case "HS256" -> {
                    algorithm = JWSAlgorithm.HS256;
                    verifier = new MACVerifier(settings.key().trim().getBytes(StandardCharsets.UTF_8));
                }
                case "RS256" -> {
                    algorithm = JWSAlgorithm.RS256;
                    verifier = new RSASSAVerifier(rsaPublicKey(settings.key()));
                }
                default -> throw new IllegalArgumentException("unknown algorithm '" + settings.algorithm()
                        + "' (HS256 or RS256)");
            }
        } catch (JOSEException | GeneralSecurityException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + settings.algorithm() + " key from " + settings.keySource()
                    + " is unusable: " + e.getMessage(), e);
        }
    }

    private static RSAPublicKey rsaPublicKey(String text) throws GeneralSecurityException, ParseException,
            JOSEException {
        String t = text.trim();
        if (t.startsWith("{")) {
            RSAKey jwk = RSAKey.parse(t);
            return jwk.toRSAPublicKey();
        }
        if (!t.startsWith("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException("expected a PEM public key (-----BEGIN PUBLIC KEY-----) or an RSA JWK");
        }
        String body = t.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /**
     * The token offered, from the first place that has one: the handshake's {@code ext.auth.token}, an
     * {@code Authorization: Bearer} header, the configured cookie. Null when none has one; a non-string
     * {@code ext.auth.token} is returned as is (refused as malformed).
     */
    private JsonNode offeredToken(Credentials credentials) {
        JsonNode token = credentials.auth().path(Credentials.TOKEN_FIELD);
        if (!token.isMissingNode() && !token.isNull()) {
            return token;
        }
        java.util.Optional<String> t = credentials.http().bearerToken();
        if (t.isEmpty() && !cookieName.isEmpty()) {
            t = credentials.http().cookie(cookieName);
        }
        return t.map(com.fasterxml.jackson.databind.node.TextNode::valueOf).orElse(null);
    }

    @Override
    public AuthDecision authenticate(Credentials credentials) {
        JsonNode token = offeredToken(credentials);
        if (token == null) {
            return allowAnonymous ? AuthDecision.accept(Identity.ANONYMOUS)
                    : AuthDecision.refuse(AuthRefusal.TOKEN_MISSING);
        }
        if (!token.isTextual() || token.textValue().length() > MAX_TOKEN_CHARS) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_MALFORMED);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.textValue());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_MALFORMED);
        }
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_ALGORITHM_REFUSED);
        }
        try {
            if (!jwt.verify(verifier)) {
                return AuthDecision.refuse(AuthRefusal.TOKEN_SIGNATURE_INVALID);
            }
        } catch (JOSEException e) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_SIGNATURE_INVALID);
        }
        long now = clock.getAsLong();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_CLAIMS_INVALID);
        }
        if (exp.getTime() + skewMillis <= now) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_EXPIRED);
        }
        if (nbf != null && nbf.getTime() - skewMillis > now) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_NOT_YET_VALID);
        }
        if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_ISSUER_REFUSED);
        }
        if (!audience.isEmpty() && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_AUDIENCE_REFUSED);
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty() || sub.length() > MAX_ATTRIBUTE_CHARS) {
            return AuthDecision.refuse(AuthRefusal.TOKEN_CLAIMS_INVALID);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : attributeClaims) {
            Object v = claims.getClaim(name);
            if (v == null) {
                continue;
            }
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)
                    || v.toString().length() > MAX_ATTRIBUTE_CHARS) {
                return AuthDecision.refuse(AuthRefusal.TOKEN_CLAIMS_INVALID);
            }
            attributes.put(name, v.toString());
        }
        return AuthDecision.accept(Identity.of(sub, attributes));
    }
}
