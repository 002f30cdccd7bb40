package org.orbited.node.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/**
 * Signs test tokens with Nimbus (the issuer side a user's application would run), one key pair or secret per
 * algorithm, plus a second key of each to sign "wrongly".
 */
public final class TestTokens {
    /** The times tokens are made and checked at: a fixed instant, so no test depends on the wall clock. */
    public static final long NOW = 1_800_000_000_000L;

    public final String algorithm;
    /** The key as [auth] takes it: the HS256 secret or the RS256 public key in PEM. */
    public final String verificationKey;
    private final JWSSigner signer;
    private final JWSSigner wrongSigner;

    private TestTokens(String algorithm, String verificationKey, JWSSigner signer, JWSSigner wrongSigner) {
        this.algorithm = algorithm;
        this.verificationKey = verificationKey;
        this.signer = signer;
        this.wrongSigner = wrongSigner;
    }

    public static TestTokens hs256() {
        try {
            String secret = "0123456789abcdef0123456789abcdef-secret";
            return new TestTokens("HS256", secret, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                    new MACSigner("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestTokens rs256() {
        KeyPair right = rsa();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(right.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return new TestTokens("RS256", pem, new RSASSASigner(right.getPrivate()), new RSASSASigner(rsa().getPrivate()));
    }

    public static TestTokens of(String algorithm) {
        return algorithm.equals("HS256") ? hs256() : rs256();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims valid at {@code now}: {@code sub}, {@code exp} in an hour, {@code nbf} a minute before. */
    public static JWTClaimsSet.Builder claimsAt(long now, String subject) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(new Date(now + 3_600_000))
                .notBeforeTime(new Date(now - 60_000));
    }

    /** Claims valid at {@link #NOW}: {@code sub}, {@code exp} in an hour, {@code nbf} a minute ago. */
    public static JWTClaimsSet.Builder validClaims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(new Date(NOW + 3_600_000))
                .notBeforeTime(new Date(NOW - 60_000));
    }

    public String token(JWTClaimsSet claims) {
        return sign(claims, signer);
    }

    public String valid(String subject) {
        return token(validClaims(subject).build());
    }

    public String with(UnaryOperator<JWTClaimsSet.Builder> tweak) {
        return token(tweak.apply(validClaims("alice")).build());
    }

    /** A token signed with another key of the same algorithm. */
    public String wronglySigned(String subject) {
        return sign(validClaims(subject).build(), wrongSigner);
    }

    private String sign(JWTClaimsSet claims, JWSSigner s) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.parse(algorithm)), claims);
            jwt.sign(s);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
