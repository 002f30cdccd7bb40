package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The secret that lets a visitor's new page take over its own personal connection (IRC) or visitor session (XMPP)
 * while the old page's client waits out {@code personal.grace} (docs/irc.md "Personal connections: reclaim",
 * docs/xmpp.md "Visitor sessions: reclaim").
 *
 * <p>A {@code login} answer carries {@code "reclaim": "<secret>"}: {@link #BYTES} random bytes (192 bits) from
 * {@link SecureRandom}, base64url without padding (32 characters). A later {@code login} of another client with the
 * same nick and that secret takes the connection over; the takeover's answer carries a new secret, so a secret works
 * once. Secrets are compared with {@link #matches}, in time independent of where they differ (only the length may
 * show, and it is public). Secrets are never logged.
 *
 * <p>Pure: no state, any thread.
 */
public final class ReclaimSecret {
    /** Random bytes per secret: 192 bits, above the 128 a guess must beat. */
    public static final int BYTES = 24;
    /** The longest {@code reclaim} value a login may carry; longer ones are ignored (an ordinary login). */
    public static final int MAX_CHARS = 64;
    /**
     * After a takeover the connection stays in the rooms of the old page this long before it leaves those the new
     * client has not subscribed to: a page subscribes and logs in at about the same time, in either order.
     */
    public static final Duration SETTLE = Duration.ofSeconds(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReclaimSecret() {
    }

    /** A new secret: {@link #BYTES} random bytes, base64url without padding. */
    public static String issue() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Whether {@code given} (what a login sent, may be null or anything) is {@code expected} (a secret from
     * {@link #issue}, may be null: nothing matches then). Constant time in the content ({@link MessageDigest#isEqual}).
     */
    public static boolean matches(String expected, String given) {
        if (expected == null || given == null || given.length() > MAX_CHARS) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer of a takeover: {@code {"ok":true,"nick":...,"reclaimed":true,"reclaim":<the new secret>}}. */
    public static ObjectNode reclaimedAnswer(String nick, String newSecret) {
        return Replies.ok().put("nick", nick).put("reclaimed", true).put("reclaim", newSecret);
    }

    /**
     * What the old client, when it is still connected, is told on its events channel after another page took its
     * connection over: {@code {"type":"status","status":"reclaimed","nick":...,"text":...,"time":...}}. It is not
     * logged in any more.
     */
    public static ObjectNode takenOverEvent(String nick, java.time.Instant time) {
        ObjectNode o = BridgeEvent.status(null, "reclaimed", "another page took over this connection", time).toJson();
        o.put("nick", nick);
        return o;
    }
}
