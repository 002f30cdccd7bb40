package org.orbited.bridge.irc;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.orbited.bridge.common.ExpectedEchoes;

/**
 * The lines personal connections said into channels, which the bridge's own connection will read back from IRC:
 * the say service has published each of them already (its canonical event), so the bridge must not publish its IRC
 * copy too, and must not hide anything else. An {@link ExpectedEchoes} keyed by what was sent: folded channel,
 * message or action, and the text as the bridge will read it after {@link IrcText#stripFormatting} (review 2, B2:
 * never by nick). Bounded ({@link #MAX}, {@link #TTL_NANOS}); thread-safe.
 */
final class PersonalEchoes {
    /** How long an expected echo waits for its IRC line. */
    static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    /** Expectations at most; beyond, the oldest is forgotten (its line would then be published twice, not lost). */
    static final int MAX = 20_000;

    private record Key(String channel, boolean action, String text) {
    }

    private final ExpectedEchoes<Key> echoes;

    PersonalEchoes(LongSupplier nanoClock) {
        this.echoes = new ExpectedEchoes<>(Duration.ofNanos(TTL_NANOS), MAX, nanoClock);
    }

    /** A personal connection queued {@code piece} for the (folded) {@code channel}. */
    void expect(String channel, boolean action, String piece) {
        echoes.expect(new Key(channel, action, IrcText.stripFormatting(piece)));
    }

    /**
     * True (and the expectation used up) when a channel line the bridge read, {@code text} as translated, is the IRC
     * copy of a line a personal connection said.
     */
    boolean consume(String channel, boolean action, String text) {
        return echoes.consume(new Key(channel, action, text));
    }

    /** Expectations not yet consumed or expired (for tests). */
    int size() {
        return echoes.size();
    }
}
