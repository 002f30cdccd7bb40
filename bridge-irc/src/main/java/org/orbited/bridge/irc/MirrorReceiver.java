package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns PRIVMSG texts received in mirror IRC channels back into Bayeux publications, exactly once
 * ({@link MirrorCodec} describes the format).
 *
 * <p><b>Reassembly</b> per (IRC channel, sender nick, origin, seq): fragments must come in order {@code 1..n} with
 * the same {@code n} (IRC keeps one sender's order); anything else drops the partial message. Bounded: at most
 * {@code maxPartials} partial messages (the oldest is evicted), each at most the payload limit, each dropped
 * {@code partialTimeoutNanos} after its first fragment.
 *
 * <p><b>Acceptance</b> of a complete message: the MAC verifies (constant time); the Bayeux channel in the signed
 * payload is mirrored and routed through this very IRC channel; the JSON is at most {@code mirror.max_bytes} and
 * parses; and its {@code seq} is above the highest accepted for (IRC channel, origin), so a duplicated or replayed
 * frame is never published twice. The last {@code maxOrigins} origins are remembered (LRU).
 *
 * <p>Anything else is a {@link Result#dropped} with a reason (human text, bad MAC, oversize, ...) that the caller
 * counts and logs; nothing dropped reaches a browser. Not thread-safe: the plugin thread only.
 */
final class MirrorReceiver {
    private static final Pattern FRAME = Pattern.compile(
            "OM1 ([a-z2-7]{16}) ([1-9][0-9]{0,18}) ([1-9][0-9]{0,2})/([1-9][0-9]{0,2}) (.*)\\.", Pattern.DOTALL);
    private static final Pattern MAC = Pattern.compile("([A-Za-z0-9_-]{43}) (.*)", Pattern.DOTALL);

    /** What one received text gave. */
    record Result(String dropped, String bayeuxChannel, JsonNode data) {
        static final Result PENDING = new Result(null, null, null);

        static Result drop(String reason) {
            return new Result(reason, null, null);
        }

        boolean complete() {
            return data != null;
        }
    }

    private static final class Partial {
        final int n;
        final long startedAt;
        final StringBuilder payload = new StringBuilder();
        int next = 1;

        Partial(int n, long startedAt) {
            this.n = n;
            this.startedAt = startedAt;
        }
    }

    private final MirrorRoutes routes;
    private final MirrorCodec codec;
    private final int maxBytes;
    private final int maxPayloadChars;
    private final int maxPartials;
    private final long partialTimeoutNanos;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private final LinkedHashMap<String, Long> highest;

    MirrorReceiver(MirrorRoutes routes, MirrorCodec codec, int maxBytes, int maxPartials, long partialTimeoutNanos,
                   int maxOrigins) {
        this.routes = routes;
        this.codec = codec;
        this.maxBytes = maxBytes;
        this.maxPayloadChars = maxBytes + org.orbited.plugin.ChannelId.MAX_LENGTH + 1;
        this.maxPartials = maxPartials;
        this.partialTimeoutNanos = partialTimeoutNanos;
        this.highest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxOrigins;
            }
        };
    }

    /** Partial messages held now. */
    int partials() {
        return partials.size();
    }

    /** One PRIVMSG {@code text} from {@code nick} in the IRC channel of {@code route}, at {@code nowNanos}. */
    Result accept(MirrorRoutes.Route route, String nick, String text, long nowNanos) {
        expire(nowNanos);
        Matcher m = FRAME.matcher(text);
        if (!m.matches()) {
            return Result.drop(text.startsWith(MirrorCodec.MAGIC + " ") ? "malformed" : "not_a_frame");
        }
        String origin = m.group(1);
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
        String dedupKey = route.ircChannel() + " " + origin;
        Long seen = highest.get(dedupKey);
        if (seen != null && seq <= seen) {
            return Result.drop("duplicate");
        }
        String key = dedupKey + " " + seq + " " + nick;
        Partial p = partials.get(key);
        if (i == 1) {
            partials.remove(key);  // a message started again replaces its partial
            p = new Partial(n, nowNanos);
            if (n > 1) {
                if (partials.size() >= maxPartials) {
                    Iterator<Partial> it = partials.values().iterator();
                    it.next();
                    it.remove();
                }
                partials.put(key, p);
            }
        } else if (p == null || p.n != n || p.next != i) {
            partials.remove(key);
            return Result.drop("out_of_order");
        }
        String mac = null;
        if (i == n) {
            Matcher mm = MAC.matcher(rest);
            if (!mm.matches()) {
                partials.remove(key);
                return Result.drop("malformed");
            }
            mac = mm.group(1);
            rest = mm.group(2);
        }
        p.payload.append(rest);
        p.next++;
        if (p.payload.length() > maxPayloadChars) {  // each char is at least one byte: surely too big
            partials.remove(key);
            return Result.drop("oversize");
        }
        if (i < n) {
            return Result.PENDING;
        }
        partials.remove(key);
        return complete(route, origin, seq, p.payload.toString(), mac, dedupKey);
    }

    private Result complete(MirrorRoutes.Route route, String origin, long seq, String payload, String mac,
                            String dedupKey) {
        if (!codec.verify(route.ircChannel(), origin, seq, payload, mac)) {
            return Result.drop("bad_mac");
        }
        int space = payload.indexOf(' ');
        if (space < 0) {
            return Result.drop("malformed");
        }
        String channel = payload.substring(0, space);
        String json = payload.substring(space + 1);
        if (routes.route(channel) != route) {
            return Result.drop("wrong_channel");
        }
        if (IrcText.utf8Length(json) > maxBytes) {
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
            if (nowNanos - it.next().startedAt > partialTimeoutNanos) {
                it.remove();
            } else {
                break;  // insertion order is age order
            }
        }
    }
}
