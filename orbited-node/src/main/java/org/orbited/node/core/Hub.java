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
    private final SessionLimits orbitLimits;
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.Consumer<Event>> publishHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Detached (Bayeux) sessions, so that {@link #reconnectAll()} reaches them too. */
    private final Set<Session> detachedSessions = ConcurrentHashMap.newKeySet();
    /** See {@link #publishLock}; a power of two. Taken before any session's monitor, never after one. */
    private final Object[] publishLocks = new Object[64];

    {
        for (int i = 0; i < publishLocks.length; i++) {
            publishLocks[i] = new Object();
        }
    }

    public Hub(HubSettings settings, Scheduler scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.orbitLimits = new SessionLimits(settings.sessionTimeoutMillis(), settings.queueLimit(),
                settings.queueBytes(), settings.replayLimit(), settings.resumeTimeoutMillis());
    }

    /**
     * Calls {@code hook} for every publication on a channel (Orbit channel recipients, Bayeux publishes,
     * plugins), after it was queued for the subscribed sessions, on the publishing thread. It must not block.
     */
    public void onPublish(java.util.function.Consumer<Event> hook) {
        publishHooks.add(hook);
    }

    /**
     * A session that no Orbit key reaches (a Bayeux client): not in the key table, subscribed through
     * {@link #subscribe}, ended by its grace timer when no connection comes within {@code limits.graceMillis()}.
     */
    public Session newDetachedSession(SessionKey key, SessionLimits limits) {
        Session s = new Session(this, key, newEpoch(), limits);
        detachedSessions.add(s);
        s.startGrace();
        return s;
    }

    /** Detached (Bayeux) sessions that exist now. */
    public int detachedSessionCount() {
        return detachedSessions.size();
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
        return attach(key, c, lastEventId, channels, null);
    }

    /**
     * {@link #attach(SessionKey, Connection, String, Set)} for a request that names its client attempt (or null).
     * Returns null when the session refused {@code c} as a stale attempt ({@link Session#attach(Connection, String,
     * ClientAttempt)}): {@code c} has been closed and the session, its subscriptions included, is unchanged.
     */
    public Session attach(SessionKey key, Connection c, String lastEventId, Set<String> channels,
                          ClientAttempt attempt) {
        while (true) {
            Session s = sessions.computeIfAbsent(key, k -> new Session(this, k, newEpoch(), orbitLimits));
            switch (s.attach(c, lastEventId, attempt)) {
                case ATTACHED -> {
                    subscribe(s, channels);
                    return s;
                }
                case STALE -> {
                    return null;
                }
                case ENDED -> sessions.remove(key, s); // ended between lookup and attach; make a new one
            }
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

    /**
     * Adds one subscription (a channel name or a {@code /x/*}, {@code /x/**} pattern) to {@code s}.
     * Returns false when {@code s} already had it or has ended.
     */
    public boolean subscribe(Session s, String channel) {
        synchronized (s) {
            Set<String> old = s.channels();
            if (s.isClosed() || old.contains(channel)) {
                return false;
            }
            subscribers.compute(channel, (k, set) -> {
                Set<Session> v = set != null ? set : ConcurrentHashMap.newKeySet();
                v.add(s);
                return v;
            });
            java.util.HashSet<String> now = new java.util.HashSet<>(old);
            now.add(channel);
            s.channels(Set.copyOf(now));
            return true;
        }
    }

    /** Removes one subscription from {@code s}; returns false when it had none by that name. */
    public boolean removeSubscription(Session s, String channel) {
        synchronized (s) {
            Set<String> old = s.channels();
            if (!old.contains(channel)) {
                return false;
            }
            unsubscribe(s, channel);
            java.util.HashSet<String> now = new java.util.HashSet<>(old);
            now.remove(channel);
            s.channels(Set.copyOf(now));
            return true;
        }
    }

    /** Sessions subscribed to exactly {@code channel} (a name or a pattern). */
    public int subscriberCount(String channel) {
        Set<Session> set = subscribers.get(channel);
        return set == null ? 0 : set.size();
    }

    /** Subscriptions over all sessions. */
    public long subscriptionCount() {
        long n = 0;
        for (Set<Session> set : subscribers.values()) {
            n += set.size();
        }
        return n;
    }

    /** Called by a session that has ended. */
    void removed(Session s) {
        if (!sessions.remove(s.key(), s)) {
            detachedSessions.remove(s);
        }
        for (String ch : s.channels()) {
            unsubscribe(s, ch);
        }
    }

    /**
     * Publishes {@code event} (which names its channel) to every session subscribed to the channel or to a
     * pattern matching it, one copy per session, except the event's publisher; then tells the publish hooks.
     * Returns how many sessions it was queued for.
     */
    public int publish(Event event) {
        synchronized (publishLock(event.channel())) {
            int n = fanOut(event, null);
            firePublished(event);
            return n;
        }
    }

    /**
     * The lock that orders publications on {@code channel}: a publication is accepted when its fan-out takes it,
     * so every subscriber of a channel (by name or by pattern) and every publish hook sees that channel's
     * publications in one order, even when publishers on several threads race. Publications to different
     * channels are not ordered against each other, except those of one publisher thread, which are queued in
     * the order it made them. Striped: two channels may share a lock; fan-out only queues, so nothing waits long.
     */
    private Object publishLock(String channel) {
        return publishLocks[channel.hashCode() & (publishLocks.length - 1)];
    }

    /**
     * Queues {@code event} for the subscribers of its channel and of every pattern matching it, one copy per
     * session: with {@code reached} null, a set is made only when more than one subscriber set matches.
     */
    private int fanOut(Event event, Set<Session> reached) {
        String ch = event.channel();
        List<Set<Session>> matched = new ArrayList<>(2);
        // The channel itself, then "/a/b/*" for its parent, then "/a/b/**", "/a/**", "/**".
        addIfPresent(matched, subscribers.get(ch));
        int last = ch.lastIndexOf('/');
        if (last >= 0 && ch.length() > 1) {
            addIfPresent(matched, subscribers.get(ch.substring(0, last + 1) + "*"));
            for (int i = last; i >= 0; i = i == 0 ? -1 : ch.lastIndexOf('/', i - 1)) {
                addIfPresent(matched, subscribers.get(ch.substring(0, i + 1) + "**"));
            }
        }
        if (reached == null && matched.size() > 1) {
            reached = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        int n = 0;
        for (Set<Session> subs : matched) {
            n += offerAll(subs, event, reached, event.publisher());
        }
        return n;
    }

    private static void addIfPresent(List<Set<Session>> matched, Set<Session> subs) {
        if (subs != null) {
            matched.add(subs);
        }
    }

    private int offerAll(Set<Session> subs, Event event, Set<Session> reached, Object publisher) {
        if (subs == null) {
            return 0;
        }
        int n = 0;
        for (Session s : subs) {
            if (s == publisher) {
                continue;
            }
            if (reached == null || reached.add(s)) {
                if (s.offer(event, null, -1)) {
                    n++;
                }
            }
        }
        return n;
    }

    private void firePublished(Event event) {
        for (java.util.function.Consumer<Event> hook : publishHooks) {
            hook.accept(event);
        }
    }

    /**
     * Delivers one request: {@code event} to each key (already de-duplicated) and to every session
     * subscribed to one of {@code channels}, at most one copy per session. {@code callback} is told once,
     * when every key has succeeded or failed; keys with no session fail at once, queued copies when
     * written, expired, or at the deadline. The returned delivery can be failed early
     * ({@link Delivery#failUndelivered()}, a route move).
     */
    public Delivery deliver(Event event, List<SessionKey> keys, List<String> channels, DeliveryCallback callback) {
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
            Event onChannel = event.onChannel(ch);
            synchronized (publishLock(ch)) {
                fanOut(onChannel, reached);
                firePublished(onChannel);
            }
        }
        if (keys.isEmpty()) {
            d.completeIfEmpty();
        } else {
            d.armDeadline(scheduler, settings.deadlineMillis());
        }
        return d;
    }

    /**
     * Tells every connection to reconnect (graceful shutdown, fencing). Orbit sessions keep their queues; detached
     * (Bayeux) sessions end with {@link DisconnectReason#RECONNECT}, which answers their held connect with
     * {@code reconnect: handshake} advice (a Bayeux client starts a new session wherever it lands).
     */
    public void reconnectAll() {
        for (Session s : new ArrayList<>(sessions.values())) {
            s.reconnect();
        }
        for (Session s : new ArrayList<>(detachedSessions)) {
            s.terminate(DisconnectReason.RECONNECT);
        }
    }

    /** Ends every session, failing every event not yet written. */
    public void terminateAll() {
        for (Session s : new ArrayList<>(sessions.values())) {
            s.terminate(null);
        }
        for (Session s : new ArrayList<>(detachedSessions)) {
            s.terminate(DisconnectReason.RECONNECT);
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
