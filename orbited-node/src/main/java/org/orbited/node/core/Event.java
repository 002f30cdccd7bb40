package org.orbited.node.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One event body as an application sent it, shared by every recipient of one request.
 *
 * <p>Transports frame an event once per transport flavour and keep the framed bytes here
 * ({@link #framed}), so a publication to many connections of one transport is encoded once and the
 * same bytes are written to all of them. Thread-safe; the body is never modified.
 */
public final class Event {
    /** How many memo slots exist; transports use their ordinal as the slot. */
    public static final int FRAME_SLOTS = 24;

    private final byte[] body;
    private final String channel;
    private final boolean json;
    private final String replyId;
    private final Object publisher;
    private final Object origin;
    private volatile AtomicReferenceArray<Object> frames;
    private volatile Boolean utf8;

    /** An event addressed to keys (an Orbit request), with no channel. */
    public Event(byte[] body) {
        this(body, null, false, null, null, null);
    }

    private Event(byte[] body, String channel, boolean json, String replyId, Object publisher, Object origin) {
        this.body = Objects.requireNonNull(body, "body");
        this.channel = channel;
        this.json = json;
        this.replyId = replyId;
        this.publisher = publisher;
        this.origin = origin;
    }

    /**
     * A publication on {@code channel} whose body is known to be one JSON value (a Bayeux {@code data}).
     *
     * @param publisher the publishing party (a Bayeux session) that must not receive its own copy, or null
     */
    public static Event jsonOnChannel(byte[] body, String channel, Object publisher, Object origin) {
        return new Event(body, Objects.requireNonNull(channel, "channel"), true, null, publisher, origin);
    }

    /** An answer to one Bayeux client's request {@code replyId} (may be null) on {@code channel}. */
    public static Event reply(byte[] jsonBody, String channel, String replyId) {
        return new Event(jsonBody, Objects.requireNonNull(channel, "channel"), true, replyId, null, null);
    }

    /** This body published on {@code channel} (an Orbit request's channel recipient); frames are not shared. */
    public Event onChannel(String channel) {
        return new Event(body, Objects.requireNonNull(channel, "channel"), json, replyId, publisher, origin);
    }

    /** Who published this event, as the publisher described itself (the hub ignores it); null for Orbit apps. */
    public Object origin() {
        return origin;
    }

    /** The channel this event was published on, or null for an event addressed to keys. */
    public String channel() {
        return channel;
    }

    /** True when the body is known to be one JSON value; false means unknown, not "not JSON". */
    public boolean isJson() {
        return json;
    }

    /** The request id this event answers (a Bayeux service reply), or null. */
    public String replyId() {
        return replyId;
    }

    /** The party that published this event and asked not to receive it back, or null. */
    public Object publisher() {
        return publisher;
    }

    /** The body bytes. Callers must not modify the array. */
    public byte[] body() {
        return body;
    }

    public int size() {
        return body.length;
    }

    /** True when the body is well-formed UTF-8 (computed once, without allocating). */
    public boolean isUtf8() {
        Boolean v = utf8;
        if (v == null) {
            v = wellFormedUtf8(body);
            utf8 = v;
        }
        return v;
    }

    /** RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
    static boolean wellFormedUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;
            }
            int cp = c & (0x3f >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** The body as a string (UTF-8; malformed bytes replaced). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The value {@code framer} computes for {@code slot}, computed at most a few times under races and
     * then shared by all callers.
     */
    @SuppressWarnings("unchecked")
    public <T> T framed(int slot, Function<Event, T> framer) {
        AtomicReferenceArray<Object> f = frames;
        if (f == null) {
            synchronized (this) {
                f = frames;
                if (f == null) {
                    f = new AtomicReferenceArray<>(FRAME_SLOTS);
                    frames = f;
                }
            }
        }
        Object v = f.get(slot);
        if (v == null) {
            v = framer.apply(this);
            if (!f.compareAndSet(slot, null, v)) {
                v = f.get(slot);
            }
        }
        return (T) v;
    }
}
