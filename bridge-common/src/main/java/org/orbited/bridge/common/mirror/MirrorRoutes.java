package org.orbited.bridge.common.mirror;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.orbited.plugin.ChannelId;

/**
 * Which carrier (IRC channel, XMPP MUC room) carries which mirrored Bayeux channel. Immutable and thread-safe.
 *
 * <p>Each configured pattern ({@code mirror = /chat/** /news/*}) has one carrier, named {@code mirror.prefix}
 * followed by {@value #HASH_CHARS} lowercase base32 characters (RFC 4648) of
 * {@code HMAC-SHA256(secret, "orbited-mirror-channel:" + pattern)} (80 bits). Why a keyed hash and not the name:
 * Bayeux names are case-sensitive and may be 255 characters long while IRC channel names are case-insensitive and
 * at most 50 characters (room localparts are case-folded too); a hash has neither problem, and keyed with the
 * secret it does not tell outsiders which Bayeux channels a site mirrors (nor can clusters with different secrets
 * on one network collide). Every node computes the same names from the same section. A Bayeux channel goes through
 * the <b>first</b> pattern (in configuration order) that matches it, so a channel matching two patterns still
 * crosses once.
 *
 * <p>One carrier per pattern (not per Bayeux channel) because a subscriber of a pattern ({@code /chat/*}) must
 * receive every matching channel, whose names no node can list in advance; operators who want finer fan-out list
 * narrower patterns or exact names.
 */
public final class MirrorRoutes {
    /** Base32 characters of the keyed hash in a carrier's name (5 bits each). */
    public static final int HASH_CHARS = 16;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /** A pattern and the carrier carrying it. */
    public record Route(ChannelId pattern, String carrier) {
    }

    private final List<Route> routes;

    /** The routes of {@code options}' patterns, in configuration order. */
    public MirrorRoutes(MirrorOptions options) {
        List<Route> list = new ArrayList<>();
        for (ChannelId p : options.patterns()) {
            list.add(new Route(p, options.prefix() + channelHash(options.secret(), p.name())));
        }
        this.routes = List.copyOf(list);
    }

    /** Every route, in configuration order. */
    public List<Route> all() {
        return routes;
    }

    /** The route of a concrete Bayeux channel: the first pattern matching it; null when it is not mirrored. */
    public Route route(String bayeuxChannel) {
        ChannelId id = ChannelId.tryParse(bayeuxChannel).orElse(null);
        if (id == null || id.isWildcard()) {
            return null;
        }
        for (Route r : routes) {
            if (r.pattern().matches(id)) {
                return r;
            }
        }
        return null;
    }

    /** The routes whose channels a subscription to {@code subscription} (a channel or pattern) may receive. */
    public List<Route> routesFor(String subscription) {
        ChannelId id = ChannelId.tryParse(subscription).orElse(null);
        if (id == null) {
            return List.of();
        }
        return routes.stream().filter(r -> intersects(r.pattern(), id)).toList();
    }

    /**
     * The route whose carrier is {@code carrier} when both are folded by {@code fold} (IRC's case mapping, XMPP's
     * localpart normalisation), or null.
     */
    public Route byCarrier(String carrier, UnaryOperator<String> fold) {
        String folded = fold.apply(carrier);
        for (Route r : routes) {
            if (fold.apply(r.carrier()).equals(folded)) {
                return r;
            }
        }
        return null;
    }

    /**
     * True when some concrete channel matches both {@code a} and {@code b} (each a channel, {@code /x/*} or
     * {@code /x/**}). Bayeux wildcards are trailing only, so: the shorter prefix must be a prefix of the longer,
     * and the lengths of channels each accepts must overlap.
     */
    public static boolean intersects(ChannelId a, ChannelId b) {
        if (!a.isWildcard()) {
            return b.isWildcard() ? b.matches(a) : a.equals(b);
        }
        if (!b.isWildcard()) {
            return a.matches(b);
        }
        int la = a.depth() - 1;  // segments before the wildcard
        int lb = b.depth() - 1;
        for (int i = 0; i < Math.min(la, lb); i++) {
            if (!a.segment(i).equals(b.segment(i))) {
                return false;
            }
        }
        boolean oneA = a.wildcard() == ChannelId.Wildcard.ONE_SEGMENT;
        boolean oneB = b.wildcard() == ChannelId.Wildcard.ONE_SEGMENT;
        if (oneA && oneB) {
            return la == lb;
        }
        if (oneA) {
            return la >= lb;  // length la+1 must exceed lb
        }
        if (oneB) {
            return lb >= la;
        }
        return true;
    }

    private static String channelHash(byte[] secret, String pattern) {
        return base32(hmac(secret, "orbited-mirror-channel:" + pattern), HASH_CHARS);
    }

    /** The first {@code chars} characters of RFC 4648 base32 of {@code bytes}, lower case (5 bits each, MSB first). */
    static String base32(byte[] bytes, int chars) {
        StringBuilder out = new StringBuilder(chars);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < bytes.length && out.length() < chars; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xFF);
            bits += 8;
            while (bits >= 5 && out.length() < chars) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0 && out.length() < chars) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));  // the last group, padded with zero bits
        }
        return out.toString();
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) under {@code key}. */
    public static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
