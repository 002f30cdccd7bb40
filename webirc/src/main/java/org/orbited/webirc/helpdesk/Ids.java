package org.orbited.webirc.helpdesk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random ids and secrets, and the constant-time checks of secrets. Ids are 16 URL-safe characters (96 random bits)
 * behind a one-letter kind ({@code c} conversation, {@code v} visitor, {@code m} message, {@code o} offline
 * message); secrets (visitor keys, a generated helper key) are 32 characters (192 bits). A visitor's key is kept
 * only as its SHA-256 hash. Thread-safe.
 */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    /** A new id of {@code kind}: {@code kind} and 16 random URL-safe characters. */
    static String id(char kind) {
        return kind + random(12);
    }

    /** A new secret: 32 random URL-safe characters. */
    static String secret() {
        return random(24);
    }

    /** A number in {@code 1000..9999}, for guest names. */
    static int guestNumber() {
        return 1000 + RANDOM.nextInt(9000);
    }

    /** SHA-256 of the UTF-8 text, in lower-case hex. */
    static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether {@code secret} hashes to {@code hash}, compared in constant time. */
    static boolean matchesHash(String secret, String hash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether two secrets are equal, in time that does not depend on where they differ (nor on their lengths). */
    static boolean sameSecret(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
