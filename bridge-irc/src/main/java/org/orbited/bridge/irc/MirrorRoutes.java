package org.orbited.bridge.irc;

import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.orbited.plugin.ChannelId;

/**
 * Which IRC channel carries which mirrored Bayeux channel. Immutable and thread-safe.
 *
 * <p>Each configured pattern ({@code mirror = /chat/** /news/*}) has one IRC channel, named
 * {@code mirror.prefix} followed by {@value #HASH_CHARS} lowercase base32 characters of
 * {@code HMAC-SHA256(secret, "orbited-mirror-channel:" + pattern)} (80 bits). Why a keyed hash and not the name:
 * Bayeux names are case-sensitive and may be 255 characters long while IRC channel names are case-insensitive and
 * at most 50 characters; a hash has neither problem, and keyed with the secret it does not tell outsiders which
 * Bayeux channels a site mirrors (nor can clusters with different secrets on one network collide). Every node
 * computes the same names from the same section. A Bayeux channel goes through the <b>first</b> pattern (in
 * configuration order) that matches it, so a channel matching two patterns still crosses once.
 *
 * <p>One IRC channel per pattern (not per Bayeux channel) because a subscriber of a pattern ({@code /chat/*}) must
 * receive every matching channel, whose names no node can list in advance; operators who want finer fan-out list
 * narrower patterns or exact names.
 */
final class MirrorRoutes {
    /** Base32 characters of the keyed hash in an IRC channel name (5 bits each). */
    static final int HASH_CHARS = 16;

    /** A pattern and the IRC channel carrying it. */
    record Route(ChannelId pattern, String ircChannel) {
    }

    private final List<Route> routes;

    MirrorRoutes(MirrorOptions options) {
        List<Route> list = new ArrayList<>();
        for (ChannelId p : options.patterns()) {
            list.add(new Route(p, options.prefix() + channelHash(options.secret(), p.name())));
        }
        this.routes = List.copyOf(list);
    }

    /** Every route, in configuration order. */
    List<Route> all() {
        return routes;
    }

    /** The route of a concrete Bayeux channel: the first pattern matching it; null when it is not mirrored. */
    Route route(String bayeuxChannel) {
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
    List<Route> routesFor(String subscription) {
        ChannelId id = ChannelId.tryParse(subscription).orElse(null);
        if (id == null) {
            return List.of();
        }
        return routes.stream().filter(r -> intersects(r.pattern(), id)).toList();
    }

    /** The route whose IRC channel is {@code ircChannel} under {@code mapping}'s case folding, or null. */
    Route byIrcChannel(String ircChannel, ChannelMapping mapping) {
        String folded = mapping.fold(ircChannel);
        for (Route r : routes) {
            if (mapping.fold(r.ircChannel()).equals(folded)) {
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
    static boolean intersects(ChannelId a, ChannelId b) {
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
        byte[] mac = hmac(secret, "orbited-mirror-channel:" + pattern);
        return BaseEncoding.base32().omitPadding().lowerCase().encode(mac).substring(0, HASH_CHARS);
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
