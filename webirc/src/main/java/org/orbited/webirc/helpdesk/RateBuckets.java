package org.orbited.webirc.helpdesk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link RateBucket}s by key (a client id and what it does: {@code "<clientId> hello"}; an address and what it
 * does: {@code "@<address> visitor"}), for calls that have no visitor or helper to keep a bucket on: hello, leave
 * before a hello, typing, failed helper sign-ins, and the per-address limits. At most {@link #MAX_KEYS} keys: the
 * least recently used one is forgotten first (which only ever gives its owner a full bucket back); buckets that
 * are full again are forgotten by {@link #forgetFull} (every minute). Used on the plugin's thread only.
 */
final class RateBuckets {
    static final int MAX_KEYS = 20_000;

    private final Map<String, RateBucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateBucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** Takes a token from {@code key}'s bucket of {@code rate} per 10 s. */
    boolean take(String key, int rate, long nowMillis) {
        return buckets.computeIfAbsent(key, k -> new RateBucket(rate, nowMillis)).take(nowMillis);
    }

    /** Takes a token from {@code key}'s bucket of {@code rate} per {@code windowMillis}. */
    boolean take(String key, int rate, long windowMillis, long nowMillis) {
        return buckets.computeIfAbsent(key, k -> new RateBucket(rate, windowMillis, nowMillis)).take(nowMillis);
    }

    /** Forgets the buckets that are full again (their owners lose nothing); returns how many. */
    int forgetFull(long nowMillis) {
        int before = buckets.size();
        buckets.values().removeIf(b -> b.full(nowMillis));
        return before - buckets.size();
    }

    /** Forgets every bucket of a client that ended (keys starting with its id and a space). */
    void forgetClient(String clientId) {
        buckets.keySet().removeIf(k -> k.startsWith(clientId + " "));
    }

    int size() {
        return buckets.size();
    }
}
