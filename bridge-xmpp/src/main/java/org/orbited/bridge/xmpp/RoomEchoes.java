package org.orbited.bridge.xmpp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The lines sent to rooms (by the occupant for relayed visitors, or by visitor sessions) whose reflection the
 * occupant waits for, so that it publishes their canonical event when the room shows them to everyone (decision 5;
 * {@link OutgoingLines}). Keyed by room and our own stanza id. An entry leaves on its reflection
 * ({@link #reflected}), on a room error for its id ({@link #refused}), or when it is older than
 * {@link OutgoingLines#CONFIRM_SECONDS} ({@link #expired}).
 *
 * <p>Thread-safe (speakers register on the plugin thread or a session's thread; the occupant consumes on the
 * plugin thread). Bounded: at most {@link #MAX} entries; registering one more expires the oldest at once.
 */
final class RoomEchoes implements OutgoingLines {
    /** At most this many lines wait for their reflection. */
    static final int MAX = 10_000;

    /** A line waiting for its reflection. */
    record Pending(String room, String id, String clientId, String sender, String text, boolean action,
                   boolean relayed, long sentNanos) {
    }

    private final LongSupplier nanos;
    private final long ttlNanos;
    private final Map<String, Pending> pending = new LinkedHashMap<>();  // guarded by this; insertion = age order
    private final List<Pending> overflow = new ArrayList<>();            // guarded by this: expired by MAX

    RoomEchoes(LongSupplier nanos) {
        this(nanos, TimeUnit.SECONDS.toNanos(CONFIRM_SECONDS));
    }

    RoomEchoes(LongSupplier nanos, long ttlNanos) {
        this.nanos = nanos;
        this.ttlNanos = ttlNanos;
    }

    @Override
    public synchronized void expect(String room, String id, String clientId, String sender, String text,
                                    boolean action, boolean relayed) {
        if (pending.size() >= MAX) {
            Iterator<Pending> oldest = pending.values().iterator();
            overflow.add(oldest.next());
            oldest.remove();
        }
        pending.put(key(room, id), new Pending(room, id, clientId, sender, text, action, relayed, nanos.getAsLong()));
    }

    /** The line the room reflected as stanza {@code id}, or null when it is not ours (or expired). */
    synchronized Pending reflected(String room, String id) {
        return id == null ? null : pending.remove(key(room, id));
    }

    /** The line the room refused (an error for stanza {@code id}), or null. */
    synchronized Pending refused(String room, String id) {
        return reflected(room, id);
    }

    /** Whether {@code id} in {@code room} is still waiting. */
    synchronized boolean isPending(String room, String id) {
        return id != null && pending.containsKey(key(room, id));
    }

    /** Removes and returns the lines waiting longer than the TTL, and those pushed out by {@link #MAX}. */
    synchronized List<Pending> expired() {
        List<Pending> out = new ArrayList<>(overflow);
        overflow.clear();
        long now = nanos.getAsLong();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.sentNanos() < ttlNanos) {
                break;  // the rest are younger
            }
            out.add(p);
            it.remove();
        }
        return out;
    }

    /** Removes and returns every line of {@code room} (the occupant left it or the link dropped). */
    synchronized List<Pending> takeRoom(String room) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.room().equals(room)) {
                out.add(p);
                it.remove();
            }
        }
        return out;
    }

    synchronized int size() {
        return pending.size();
    }

    private static String key(String room, String id) {
        return room + "\n" + id;
    }
}
