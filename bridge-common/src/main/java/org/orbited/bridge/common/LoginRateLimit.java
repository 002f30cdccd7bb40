package org.orbited.bridge.common;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * B8: at most {@code perMinute} logins per client in any sliding minute ({@code personal.login.rate}), so one
 * browser looping login/logout cannot open IRC or XMPP connections as fast as it can send requests. Bounded: at most
 * {@code perMinute} times per client, entries forgotten when their client ends ({@link #forget}) and at most
 * {@code maxClients} clients (when full, clients with no login in the last minute are dropped first; a new client
 * is refused while it is still full). Not thread-safe: the plugin thread only.
 */
public final class LoginRateLimit {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int perMinute;
    private final int maxClients;
    private final LongSupplier nanos;
    private final Map<String, ArrayDeque<Long>> byClient = new HashMap<>();

    /**
     * @param perMinute  logins per client in any sliding minute, at least 1
     * @param maxClients clients remembered at most
     * @param nanos      monotonic nanoseconds ({@code System::nanoTime} in production)
     */
    public LoginRateLimit(int perMinute, int maxClients, LongSupplier nanos) {
        this.perMinute = perMinute;
        this.maxClients = maxClients;
        this.nanos = nanos;
    }

    /** Records a login of {@code clientId} and returns true, or returns false (nothing recorded) when over the rate. */
    public boolean tryAcquire(String clientId) {
        long now = nanos.getAsLong();
        ArrayDeque<Long> times = byClient.get(clientId);
        if (times == null) {
            if (byClient.size() >= maxClients) {
                byClient.values().removeIf(t -> expire(t, now).isEmpty());
                if (byClient.size() >= maxClients) {
                    return false;
                }
            }
            times = new ArrayDeque<>();
            byClient.put(clientId, times);
        }
        expire(times, now);
        if (times.size() >= perMinute) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Forgets {@code clientId} (its client ended). */
    public void forget(String clientId) {
        byClient.remove(clientId);
    }

    /** Clients remembered now. */
    public int clients() {
        return byClient.size();
    }

    private static ArrayDeque<Long> expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= MINUTE) {
            times.removeFirst();
        }
        return times;
    }
}
