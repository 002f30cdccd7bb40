package org.orbited.bridge.irc;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The lines personal connections said into channels, which the bridge's own connection will read back from IRC:
 * the say service has published each of them already (its canonical event), so the bridge must not publish its IRC
 * copy too, and must not hide anything else.
 *
 * <p>Matching is by what was sent (folded channel, message or action, the text as the bridge will read it after
 * {@link IrcText#stripFormatting}), each expectation consumed by one IRC line, never by nick alone: a visitor who
 * asks for a nick that an IRC user holds (the server answers 433) cannot make the bridge drop that user's lines
 * (review 2, B2), and a line said during a nick change is recognised whatever nick it arrives under. An expectation
 * no IRC line consumed (the server refused the line, the link dropped) lapses after {@link #TTL_NANOS}.
 *
 * <p>Bounded: at most {@link #MAX} expectations (the oldest go first). Thread-safe.
 */
final class ExpectedEchoes {
    /** How long an expected echo waits for its IRC line. */
    static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    /** Expectations at most; beyond, the oldest is forgotten (its line would then be published twice, not lost). */
    static final int MAX = 20_000;

    private record Key(String channel, boolean action, String text) {
    }

    /** One expectation; {@code used} once consumed (it then only waits to leave {@link #order}). */
    private static final class Token {
        final Key key;
        final long expiry;
        boolean used;

        Token(Key key, long expiry) {
            this.key = key;
            this.expiry = expiry;
        }
    }

    private final LongSupplier nanoClock;
    private final Map<Key, ArrayDeque<Token>> byKey = new HashMap<>();  // unused tokens per key, oldest first
    private final ArrayDeque<Token> order = new ArrayDeque<>();        // every token not yet expired, oldest first
    private int live;                                                  // unused tokens

    ExpectedEchoes(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A personal connection queued {@code piece} for the (folded) {@code channel}. */
    synchronized void expect(String channel, boolean action, String piece) {
        long now = nanoClock.getAsLong();
        expire(now);
        while (order.size() >= MAX) {
            drop(order.poll());
        }
        Token t = new Token(new Key(channel, action, IrcText.stripFormatting(piece)), now + TTL_NANOS);
        byKey.computeIfAbsent(t.key, x -> new ArrayDeque<>()).add(t);
        order.add(t);
        live++;
    }

    /**
     * True (and the expectation used up) when a channel line the bridge read, {@code text} as translated, is the IRC
     * copy of a line a personal connection said.
     */
    synchronized boolean consume(String channel, boolean action, String text) {
        expire(nanoClock.getAsLong());
        Key k = new Key(channel, action, text);
        ArrayDeque<Token> q = byKey.get(k);
        if (q == null) {
            return false;
        }
        Token t = q.poll();
        if (q.isEmpty()) {
            byKey.remove(k);
        }
        t.used = true;
        live--;
        return true;
    }

    /** Expectations not yet consumed or expired (for tests). */
    synchronized int size() {
        return live;
    }

    private void expire(long now) {
        while (!order.isEmpty() && (order.peek().used || order.peek().expiry - now < 0)) {
            drop(order.poll());
        }
    }

    private void drop(Token t) {
        if (t.used) {
            return;
        }
        t.used = true;
        live--;
        ArrayDeque<Token> q = byKey.get(t.key);
        if (q != null) {
            q.remove(t);  // the oldest of its key: at or near the head
            if (q.isEmpty()) {
                byKey.remove(t.key);
            }
        }
    }
}
