package org.orbited.bridge.common;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.plugin.ServerChannels;

/**
 * How many channels (IRC channels, XMPP rooms) one bridge section may need (docs/irc.md "Joining and parting",
 * review B3): the bridge's own connection is in at most {@link #max()} channels, and so is each personal connection,
 * so a client may be subscribed to at most that many channels of the section when personal connections are possible
 * ({@code mode} personal or both). {@link #max()} is {@code join.max}, lowered to a server limit once known (IRC's
 * ISUPPORT {@code CHANLIMIT}).
 *
 * <p>The bridge's security policy asks {@link #refusal} before a subscribe is accepted and refuses one that would
 * need one channel more ({@link #code()}, {@code <prefix>_too_many_channels}); the relay keeps the view up to date
 * from the subscription events and its wanted channels, and enforces the bridge's cap again when it adds a channel.
 * The node reports a subscription to the plugin thread only after it answered the client, so an allowed subscribe
 * is <b>reserved</b> here at once (for the client and for the bridge), in one synchronized step with the check: a
 * CometD batch of subscribes cannot all pass before the first is recorded (review 2, R1). A reservation that no
 * subscription event confirms (the subscribe was refused later by another policy) expires after
 * {@link #RESERVATION_NANOS}. The say service asks {@link #isSubscribed}, which counts confirmed subscriptions only.
 *
 * <p><b>Threads.</b> Thread-safe: written on the plugin thread, read on the node's policy executor. Bounded: one
 * entry per subscribed client (at most {@code max} names each) and at most {@code max} wanted channels.
 */
public final class ChannelLimits {
    private final int configured;
    private final String code;
    private final String noun;
    private final boolean perClient;
    private final ServerChannels channels;
    private volatile int max;
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();  // clientId -> folded names
    private final Map<String, String> wanted = new ConcurrentHashMap<>();        // folded name -> Bayeux name
    /** Reservations not yet confirmed by a subscription event: "clientId folded" and " folded" -> expiry (nanos). */
    private final Map<String, Long> pending = new java.util.HashMap<>();          // guarded by this
    /** How long an allowed subscribe waits for its subscription event before its reservation lapses. */
    public static final long RESERVATION_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    /** At most this many reservations at once (then subscribes are refused until they lapse or are confirmed). */
    public static final int MAX_PENDING = 10_000;

    /**
     * @param joinMax   {@code join.max}: the most channels a connection may be in
     * @param perClient whether personal connections are possible ({@code mode} personal or both): then each client
     *                  may be subscribed to at most {@link #max()} channels too
     * @param channels  the node's channels (subscriber counts of wanted channels)
     * @param codes     the bridge's codes ({@link #code()})
     * @param noun      what the messages call the channels: {@code IRC channels}, {@code rooms}
     */
    public ChannelLimits(int joinMax, boolean perClient, ServerChannels channels, BridgeCodes codes, String noun) {
        this.configured = joinMax;
        this.max = configured;
        this.perClient = perClient;
        this.channels = channels;
        this.code = codes.of("too_many_channels");
        this.noun = noun;
    }

    /** The code of a refusal: {@code <prefix>_too_many_channels}. */
    public String code() {
        return code;
    }

    /** The most channels a connection may be in now. */
    public int max() {
        return max;
    }

    /** A server limit (IRC's CHANLIMIT): the cap becomes the smaller of it and {@code join.max}. */
    public void serverLimit(int limit) {
        max = Math.min(configured, limit);
    }

    /**
     * Why {@code clientId} may not subscribe to the (allowed) channel {@code folded}, or null when it may: the
     * client already has {@code max} channels (personal modes), or the bridge is in {@code max} channels that have
     * subscribers and this is not one of them (channels only waiting out their grace make room).
     */
    public synchronized String refusal(String clientId, String folded) {
        long now = System.nanoTime();
        pending.values().removeIf(expiry -> expiry - now < 0);
        int cap = max;
        Set<String> mine = byClient.getOrDefault(clientId, Set.of());
        String clientPrefix = clientId + " ";
        if (perClient && !mine.contains(folded) && !pending.containsKey(clientPrefix + folded)) {
            long reserved = pending.keySet().stream().filter(k -> k.startsWith(clientPrefix)).count();
            if (mine.size() + reserved >= cap) {
                return "you are subscribed to " + (mine.size() + reserved)
                        + " " + noun + ", the most a connection may be in here";
            }
        }
        if (!wanted.containsKey(folded) && !pending.containsKey(" " + folded)) {
            long reserved = pending.keySet().stream().filter(k -> k.startsWith(" ")).count();
            if (busy() + reserved >= cap) {
                return "the bridge is in " + cap + " " + noun + ", the most it may be in; try again later";
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
    public int busy() {
        int n = 0;
        for (String bayeux : wanted.values()) {
            if (channels.subscriberCount(bayeux) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Whether a subscription event confirmed {@code clientId}'s subscription to {@code folded}. */
    public boolean isSubscribed(String clientId, String folded) {
        Set<String> mine = byClient.get(clientId);
        return mine != null && mine.contains(folded);
    }

    /** A subscription event: {@code clientId} subscribed to {@code folded} (confirms its reservation). */
    public void subscribed(String clientId, String folded) {
        byClient.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(folded);
        synchronized (this) {
            pending.remove(clientId + " " + folded);
        }
    }

    /** {@code clientId} unsubscribed from {@code folded} (or ended). */
    public void unsubscribed(String clientId, String folded) {
        byClient.computeIfPresent(clientId, (k, set) -> {
            set.remove(folded);
            return set.isEmpty() ? null : set;
        });
    }

    /** The bridge wants (joins) {@code folded}, published on {@code bayeux} (confirms its reservation). */
    public void wanted(String folded, String bayeux) {
        wanted.put(folded, bayeux);
        synchronized (this) {
            pending.remove(" " + folded);
        }
    }

    /** The bridge no longer wants {@code folded}. */
    public void unwanted(String folded) {
        wanted.remove(folded);
    }
}
