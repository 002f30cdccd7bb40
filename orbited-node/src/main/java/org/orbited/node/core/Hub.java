package org.orbited.node.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The registry of sessions and channel subscriptions, and the entry point for delivering events.
 * It never touches sockets: transports attach {@link Connection}s, the Orbit server calls
 * {@link #deliver}. Thread-safe.
 */
public final class Hub {
    private static final char[] EPOCH_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final HubSettings settings;
    private final Scheduler scheduler;
    private final HubStats stats = new HubStats();
    private final ConcurrentHashMap<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Session>> subscribers = new ConcurrentHashMap<>();

    public Hub(HubSettings settings, Scheduler scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
    }

    public HubStats stats() {
        return stats;
    }

    public HubSettings settings() {
        return settings;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    long sessionTimeoutMillis() {
        return settings.sessionTimeoutMillis();
    }

    int retryLimit() {
        return settings.retryLimit();
    }

    int queueLimit() {
        return settings.queueLimit();
    }

    long queueBytes() {
        return settings.queueBytes();
    }

    int replayLimit() {
        return settings.replayLimit();
    }

    /** Sessions that exist now (connected or in their grace period). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Channels with at least one subscribed session. */
    public int channelCount() {
        return subscribers.size();
    }

    /** Events queued in all sessions and not yet written. */
    public long queuedEvents() {
        long n = 0;
        for (Session s : sessions.values()) {
            n += s.queuedEvents();
        }
        return n;
    }

    /** The session for {@code key}, or null. */
    public Session find(SessionKey key) {
        return sessions.get(key);
    }

    /**
     * Attaches a browser connection to the session of {@code key}, creating the session if needed, and
     * replaces the session's channel subscriptions with {@code channels}.
     */
    public Session attach(SessionKey key, Connection c, String lastEventId, Set<String> channels) {
        while (true) {
            Session s = sessions.computeIfAbsent(key, k -> new Session(this, k, newEpoch()));
            if (s.attach(c, lastEventId)) {
                subscribe(s, channels);
                return s;
            }
            sessions.remove(key, s); // ended between lookup and attach; make a new one
        }
    }

    /**
     * Replaces {@code s}'s subscriptions. Runs under the session's lock so concurrent attaches of one key
     * cannot interleave; each channel's set is changed inside the map's atomic compute, so a set emptied
     * and removed by another session's unsubscribe is never added to after it left the map.
     */
    private void subscribe(Session s, Set<String> channels) {
        synchronized (s) {
            Set<String> old = s.channels();
            if (old.equals(channels) || s.isClosed()) {
                return;
            }
            for (String ch : old) {
                if (!channels.contains(ch)) {
                    unsubscribe(s, ch);
                }
            }
            for (String ch : channels) {
                subscribers.compute(ch, (k, set) -> {
                    Set<Session> v = set != null ? set : ConcurrentHashMap.newKeySet();
                    v.add(s);
                    return v;
                });
            }
            s.channels(Set.copyOf(channels));
        }
    }

    private void unsubscribe(Session s, String ch) {
        subscribers.computeIfPresent(ch, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Called by a session that has ended. */
    void removed(Session s) {
        sessions.remove(s.key(), s);
        for (String ch : s.channels()) {
            unsubscribe(s, ch);
        }
    }

    /**
     * Delivers one request: {@code event} to each key (already de-duplicated) and to every session
     * subscribed to one of {@code channels}, at most one copy per session. {@code callback} is told once,
     * when every key has succeeded or failed; keys with no session fail at once, queued copies when
     * written, expired, or at the deadline.
     */
    public void deliver(Event event, List<SessionKey> keys, List<String> channels, DeliveryCallback callback) {
        Delivery d = new Delivery(keys.size(), callback);
        Set<Session> reached = channels.isEmpty() ? Set.of() : Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < keys.size(); i++) {
            Session s = sessions.get(keys.get(i));
            if (s == null) {
                stats.eventFailed();
                d.resolve(i, false);
                continue;
            }
            if (!channels.isEmpty()) {
                reached.add(s);
            }
            if (!s.offer(event, d, i)) {
                stats.eventFailed();
                d.resolve(i, false);
            }
        }
        for (String ch : channels) {
            Set<Session> subs = subscribers.get(ch);
            if (subs == null) {
                continue;
            }
            for (Session s : subs) {
                if (reached.add(s)) {
                    s.offer(event, null, -1);
                }
            }
        }
        if (keys.isEmpty()) {
            d.completeIfEmpty();
        } else {
            d.armDeadline(scheduler, settings.deadlineMillis());
        }
    }

    /** Tells every connection to reconnect (graceful shutdown, route moves). Sessions keep their queues. */
    public void reconnectAll() {
        for (Session s : new ArrayList<>(sessions.values())) {
            s.reconnect();
        }
    }

    /** Ends every session, failing every event not yet written. */
    public void terminateAll() {
        for (Session s : new ArrayList<>(sessions.values())) {
            s.terminate(null);
        }
    }

    private static String newEpoch() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = EPOCH_CHARS[r.nextInt(EPOCH_CHARS.length)];
        }
        return new String(c);
    }
}
