package org.orbited.bridge.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Lines a bridge expects to read back from the chat server, each to be recognised once: IRC's personal connections
 * say lines the say service has already published, so the bridge's own connection must not publish its copy too
 * (the key is what was said: channel, action or not, the text as the bridge will read it); XMPP publishes a
 * browser's line when the room reflects it (the key is room and stanza id).
 *
 * <p>Matching is by key alone, each expectation consumed by one line, never by sender: a visitor who takes an IRC
 * user's nick cannot make the bridge drop that user's lines, and a line said during a nick change is recognised
 * whatever nick it arrives under. Several expectations of one key are consumed oldest first. An expectation no line
 * consumed (the server refused it, the link dropped) lapses after {@code ttl}.
 *
 * <p>Bounded: at most {@code max} expectations (the oldest go first: its line would then be published twice, not
 * lost). Keys must have value semantics (records). Thread-safe.
 *
 * @param <K> what identifies a line
 */
public final class ExpectedEchoes<K> {
    /** One expectation; {@code used} once consumed (it then only waits to leave {@link #order}). */
    private static final class Token<K> {
        final K key;
        final long expiry;
        boolean used;

        Token(K key, long expiry) {
            this.key = key;
            this.expiry = expiry;
        }
    }

    private final long ttlNanos;
    private final int max;
    private final LongSupplier nanoClock;
    private final Map<K, ArrayDeque<Token<K>>> byKey = new HashMap<>();  // unused tokens per key, oldest first
    private final ArrayDeque<Token<K>> order = new ArrayDeque<>();       // every token not yet expired, oldest first
    private int live;                                                    // unused tokens

    /**
     * @param ttl       how long an expectation waits for its line
     * @param max       expectations at most, at least 1
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} in production)
     */
    public ExpectedEchoes(Duration ttl, int max, LongSupplier nanoClock) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.ttlNanos = ttl.toNanos();
        this.max = max;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Expects one line identified by {@code key}. */
    public synchronized void expect(K key) {
        long now = nanoClock.getAsLong();
        expire(now);
        while (order.size() >= max) {
            drop(order.poll());
        }
        Token<K> t = new Token<>(Objects.requireNonNull(key, "key"), now + ttlNanos);
        byKey.computeIfAbsent(t.key, x -> new ArrayDeque<>()).add(t);
        order.add(t);
        live++;
    }

    /** True (and the oldest expectation of {@code key} used up) when a line of {@code key} was expected. */
    public synchronized boolean consume(K key) {
        expire(nanoClock.getAsLong());
        ArrayDeque<Token<K>> q = byKey.get(key);
        if (q == null) {
            return false;
        }
        Token<K> t = q.poll();
        if (q.isEmpty()) {
            byKey.remove(key);
        }
        t.used = true;
        live--;
        return true;
    }

    /** Expectations not yet consumed or expired. */
    public synchronized int size() {
        return live;
    }

    private void expire(long now) {
        while (!order.isEmpty() && (order.peek().used || order.peek().expiry - now < 0)) {
            drop(order.poll());
        }
    }

    private void drop(Token<K> t) {
        if (t.used) {
            return;
        }
        t.used = true;
        live--;
        ArrayDeque<Token<K>> q = byKey.get(t.key);
        if (q != null) {
            q.remove(t);  // the oldest of its key: at or near the head
            if (q.isEmpty()) {
                byKey.remove(t.key);
            }
        }
    }
}
