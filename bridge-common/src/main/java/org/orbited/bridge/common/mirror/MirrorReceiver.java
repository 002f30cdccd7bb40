package org.orbited.bridge.common.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orbited.bridge.common.TextRules;

/**
 * Turns texts received in carriers (IRC PRIVMSG texts, XMPP message bodies) back into Bayeux publications, exactly
 * once ({@link MirrorCodec} describes the format).
 *
 * <p><b>Reassembly</b> per (carrier, sender nick, origin, seq): fragments must come in order {@code 1..n} with
 * the same {@code n} (IRC and MUC keep one sender's order); anything else drops the partial message. Bounded: at
 * most {@code maxPartialsPerNick} partial messages per sender nick (its own oldest is evicted, so one channel
 * member flooding first fragments evicts only its own) and {@code maxPartials} in all (the oldest is evicted), each
 * at most the payload limit, each dropped {@code partialTimeoutNanos} after its first fragment.
 *
 * <p>A frame carrying this node's own {@code origin} is dropped at once ({@code own_echo}): a bridge that does not
 * hear its own lines (IRC) sees such a frame only as a copy made by a channel member, a bouncer or an echo
 * capability; one that does (a MUC reflects every message to its sender) drops its own reflection here.
 *
 * <p><b>Acceptance</b> of a complete message: the MAC verifies (constant time); its {@code sent} time is within
 * {@code maxAgeMillis} of this node's wall clock, either way ({@code stale}; so frames recorded before a restart,
 * when the dedup memory below is empty, cannot be replayed later than that); the Bayeux channel in the signed
 * payload is mirrored and routed through this very carrier; the JSON is at most {@code mirror.max_bytes} and
 * parses; and its {@code seq} is above the highest accepted for (carrier, origin), so a duplicated or replayed
 * frame is never published twice. The last {@code maxOrigins} origins are remembered (LRU).
 *
 * <p>Anything else is a {@link Result#dropped} with a reason (human text, bad MAC, oversize, ...) that the caller
 * counts and logs; nothing dropped reaches a browser. Not thread-safe: the plugin thread only.
 */
public final class MirrorReceiver {
    private static final Pattern FRAME = Pattern.compile(
            MirrorCodec.MAGIC + " ([a-z2-7]{16}) ([1-9][0-9]{0,18}) ([1-9][0-9]{0,2})/([1-9][0-9]{0,2}) (.*)\\.",
            Pattern.DOTALL);
    private static final Pattern MAC = Pattern.compile("([A-Za-z0-9_-]{43}) (.*)", Pattern.DOTALL);
    private static final Pattern PAYLOAD = Pattern.compile("(0|[1-9][0-9]{0,18}) (\\S+) (.*)", Pattern.DOTALL);

    /**
     * The receiver's bounds: partial messages in all and per sender nick, how long a partial may take, origins
     * remembered for dedup, and how far a message's {@code sent} time may be from this node's clock.
     */
    public record Limits(int maxPartials, int maxPartialsPerNick, long partialTimeoutNanos, int maxOrigins,
                  long maxAgeMillis) {
    }

    /**
     * What one received text gave: {@code dropped} (a reason to count and log), a complete message
     * ({@code bayeuxChannel} and {@code data}, to publish), or neither ({@link #PENDING}: more fragments to come).
     */
    public record Result(String dropped, String bayeuxChannel, JsonNode data) {
        /** A fragment was kept; the message is not complete yet. */
        public static final Result PENDING = new Result(null, null, null);

        static Result drop(String reason) {
            return new Result(reason, null, null);
        }

        /** True when a whole, verified message came. */
        public boolean complete() {
            return data != null;
        }
    }

    private static final class Partial {
        final int n;
        final long startedAt;
        final String nick;
        final StringBuilder payload = new StringBuilder();
        int next = 1;

        Partial(int n, long startedAt, String nick) {
            this.n = n;
            this.startedAt = startedAt;
            this.nick = nick;
        }
    }

    private final MirrorRoutes routes;
    private final MirrorCodec codec;
    private final String ownOrigin;
    private final LongSupplier wallClockMillis;
    private final Limits limits;
    private final int maxBytes;
    private final int maxPayloadChars;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private final Map<String, Integer> partialsByNick = new java.util.HashMap<>();
    private final LinkedHashMap<String, Long> highest;

    /**
     * @param routes          the routes (the payload's channel must be routed through the frame's carrier)
     * @param codec           verifies MACs
     * @param maxBytes        {@code mirror.max_bytes}
     * @param ownOrigin       this node's origin token (its frames are dropped as {@code own_echo})
     * @param wallClockMillis this node's wall clock, for the {@code sent} check
     * @param limits          the bounds
     */
    public MirrorReceiver(MirrorRoutes routes, MirrorCodec codec, int maxBytes, String ownOrigin,
                          LongSupplier wallClockMillis, Limits limits) {
        this.routes = routes;
        this.codec = codec;
        this.ownOrigin = ownOrigin;
        this.wallClockMillis = wallClockMillis;
        this.limits = limits;
        this.maxBytes = maxBytes;
        this.maxPayloadChars = MirrorCodec.maxPayloadBytes(maxBytes);
        this.highest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > limits.maxOrigins();
            }
        };
    }

    /** Partial messages held now. */
    public int partials() {
        return partials.size();
    }

    /** One {@code text} from {@code nick} in the carrier of {@code route}, at {@code nowNanos}. */
    public Result accept(MirrorRoutes.Route route, String nick, String text, long nowNanos) {
        expire(nowNanos);
        Matcher m = FRAME.matcher(text);
        if (!m.matches()) {
            return Result.drop(text.startsWith(MirrorCodec.MAGIC + " ") ? "malformed" : "not_a_frame");
        }
        String origin = m.group(1);
        if (origin.equals(ownOrigin)) {
            return Result.drop("own_echo");
        }
        long seq;
        try {
            seq = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return Result.drop("malformed");
        }
        int i = Integer.parseInt(m.group(3));
        int n = Integer.parseInt(m.group(4));
        String rest = m.group(5);
        if (i > n || n > MirrorCodec.MAX_FRAGMENTS) {
            return Result.drop("malformed");
        }
        String dedupKey = route.carrier() + " " + origin;
        Long seen = highest.get(dedupKey);
        if (seen != null && seq <= seen) {
            return Result.drop("duplicate");
        }
        String key = dedupKey + " " + seq + " " + nick;
        Partial p = partials.get(key);
        if (i == 1) {
            remove(key);  // a message started again replaces its partial
            p = new Partial(n, nowNanos, nick);
            if (n > 1) {
                if (partialsByNick.getOrDefault(nick, 0) >= limits.maxPartialsPerNick()) {
                    evictOldest(nick);
                }
                if (partials.size() >= limits.maxPartials()) {
                    evictOldest(null);
                }
                partials.put(key, p);
                partialsByNick.merge(nick, 1, Integer::sum);
            }
        } else if (p == null || p.n != n || p.next != i) {
            remove(key);
            return Result.drop("out_of_order");
        }
        String mac = null;
        if (i == n) {
            Matcher mm = MAC.matcher(rest);
            if (!mm.matches()) {
                remove(key);
                return Result.drop("malformed");
            }
            mac = mm.group(1);
            rest = mm.group(2);
        }
        p.payload.append(rest);
        p.next++;
        if (p.payload.length() > maxPayloadChars) {  // each char is at least one byte: surely too big
            remove(key);
            return Result.drop("oversize");
        }
        if (i < n) {
            return Result.PENDING;
        }
        remove(key);
        return complete(route, origin, seq, p.payload.toString(), mac, dedupKey);
    }

    private Result complete(MirrorRoutes.Route route, String origin, long seq, String payload, String mac,
                            String dedupKey) {
        if (!codec.verify(route.carrier(), origin, seq, payload, mac)) {
            return Result.drop("bad_mac");
        }
        Matcher pm = PAYLOAD.matcher(payload);
        if (!pm.matches()) {
            return Result.drop("malformed");
        }
        long sent;
        try {
            sent = Long.parseLong(pm.group(1));
        } catch (NumberFormatException e) {
            return Result.drop("malformed");
        }
        if (Math.abs(wallClockMillis.getAsLong() - sent) > limits.maxAgeMillis()) {
            return Result.drop("stale");
        }
        String channel = pm.group(2);
        String json = pm.group(3);
        if (routes.route(channel) != route) {
            return Result.drop("wrong_channel");
        }
        if (TextRules.utf8Length(json) > maxBytes) {
            return Result.drop("oversize");
        }
        JsonNode data;
        try {
            data = MirrorCodec.parse(json);
        } catch (java.io.IOException e) {
            return Result.drop("bad_json");
        }
        highest.put(dedupKey, seq);
        return new Result(null, channel, data);
    }

    private void expire(long nowNanos) {
        Iterator<Partial> it = partials.values().iterator();
        while (it.hasNext()) {
            Partial p = it.next();
            if (nowNanos - p.startedAt > limits.partialTimeoutNanos()) {
                it.remove();
                forget(p.nick);
            } else {
                break;  // insertion order is age order
            }
        }
    }

    /** Evicts the oldest partial message of {@code nick}, or the oldest of all when {@code nick} is null. */
    private void evictOldest(String nick) {
        Iterator<Partial> it = partials.values().iterator();
        while (it.hasNext()) {
            Partial p = it.next();
            if (nick == null || p.nick.equals(nick)) {
                it.remove();
                forget(p.nick);
                return;
            }
        }
    }

    private void remove(String key) {
        Partial p = partials.remove(key);
        if (p != null) {
            forget(p.nick);
        }
    }

    private void forget(String nick) {
        partialsByNick.computeIfPresent(nick, (k, v) -> v > 1 ? v - 1 : null);
    }
}
