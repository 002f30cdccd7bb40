package org.orbited.bridge.irc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.plugin.ServerChannels;

/**
 * How many IRC channels one network may need (docs/irc.md "Joining and parting", review B3): the bridge's own
 * connection is in at most {@link #max()} channels, and so is each personal connection, so a client may be subscribed
 * to at most that many channels of the network when personal connections are possible ({@code mode} personal or
 * both). {@link #max()} is {@code join.max}, lowered to the server's ISUPPORT {@code CHANLIMIT} once known.
 *
 * <p>{@link IrcSecurityPolicy} asks {@link #refusal} before a subscribe is accepted and refuses one that would need
 * one channel more ({@code irc_too_many_channels}); the {@link RelayBridge} keeps the view up to date from the
 * subscription events and its wanted channels, and enforces the bridge's cap again when it adds a channel. The node
 * reports a subscription to the plugin thread only after it answered the client, so an allowed subscribe is
 * <b>reserved</b> here at once (for the client and for the bridge), in one synchronized step with the check: a
 * CometD batch of subscribes cannot all pass before the first is recorded (review 2, R1). A reservation that no
 * subscription event confirms (the subscribe was refused later by another policy) expires after
 * {@link #RESERVATION_NANOS}. The say service asks {@link #isSubscribed}, which counts confirmed subscriptions only.
 *
 * <p><b>Threads.</b> Thread-safe: written on the plugin thread, read on the node's policy executor. Bounded: one
 * entry per subscribed client (at most {@code max} names each) and at most {@code max} wanted channels.
 */
final class ChannelLimits {
    private final int configured;
    private final boolean perClient;
    private final ServerChannels channels;
    private volatile int max;
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();  // clientId -> folded IRC names
    private final Map<String, String> wanted = new ConcurrentHashMap<>();        // folded IRC name -> Bayeux name
    /** Reservations not yet confirmed by a subscription event: "clientId folded" and " folded" -> expiry (nanos). */
    private final Map<String, Long> pending = new java.util.HashMap<>();          // guarded by this
    /** How long an allowed subscribe waits for its subscription event before its reservation lapses. */
    static final long RESERVATION_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    /** At most this many reservations at once (then subscribes are refused until they lapse or are confirmed). */
    static final int MAX_PENDING = 10_000;

    ChannelLimits(IrcOptions options, ServerChannels channels) {
        this.configured = options.joinMax();
        this.max = configured;
        this.perClient = options.mode().allowsPersonal();
        this.channels = channels;
    }

    /** The most channels a connection may be in now. */
    int max() {
        return max;
    }

    /** The server's CHANLIMIT: the cap becomes the smaller of it and {@code join.max}. */
    void serverLimit(int limit) {
        max = Math.min(configured, limit);
    }

    /**
     * Why {@code clientId} may not subscribe to the (allowed) channel {@code folded}, or null when it may: the
     * client already has {@code max} channels (personal modes), or the bridge is in {@code max} channels that have
     * subscribers and this is not one of them (channels only waiting out their grace make room).
     */
    synchronized String refusal(String clientId, String folded) {
        long now = System.nanoTime();
        pending.values().removeIf(expiry -> expiry - now < 0);
        int cap = max;
        Set<String> mine = byClient.getOrDefault(clientId, Set.of());
        String clientPrefix = clientId + " ";
        if (perClient && !mine.contains(folded) && !pending.containsKey(clientPrefix + folded)) {
            long reserved = pending.keySet().stream().filter(k -> k.startsWith(clientPrefix)).count();
            if (mine.size() + reserved >= cap) {
                return "you are subscribed to " + (mine.size() + reserved)
                        + " IRC channels, the most a connection may be in here";
            }
        }
        if (!wanted.containsKey(folded) && !pending.containsKey(" " + folded)) {
            long reserved = pending.keySet().stream().filter(k -> k.startsWith(" ")).count();
            if (busy() + reserved >= cap) {
                return "the bridge is in " + cap + " IRC channels, the most it may be in; try again later";
            }
        }
        if (pending.size() + 2 > MAX_PENDING) {
            return "too many subscribes at once; try again later";
        }
        if (perClient && !mine.contains(folded)) {
            pending.put(clientPrefix + folded, now + RESERVATION_NANOS);
        }
        if (!wanted.containsKey(folded)) {
            pending.put(" " + folded, now + RESERVATION_NANOS);
        }
        return null;
    }

    /** Wanted channels with at least one subscriber now. */
    int busy() {
        int n = 0;
        for (String bayeux : wanted.values()) {
            if (channels.subscriberCount(bayeux) > 0) {
                n++;
            }
        }
        return n;
    }

    boolean isSubscribed(String clientId, String folded) {
        Set<String> mine = byClient.get(clientId);
        return mine != null && mine.contains(folded);
    }

    void subscribed(String clientId, String folded) {
        byClient.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(folded);
        synchronized (this) {
            pending.remove(clientId + " " + folded);
        }
    }

    void unsubscribed(String clientId, String folded) {
        byClient.computeIfPresent(clientId, (k, set) -> {
            set.remove(folded);
            return set.isEmpty() ? null : set;
        });
    }

    void wanted(String folded, String bayeux) {
        wanted.put(folded, bayeux);
        synchronized (this) {
            pending.remove(" " + folded);
        }
    }

    void unwanted(String folded) {
        wanted.remove(folded);
    }
}
