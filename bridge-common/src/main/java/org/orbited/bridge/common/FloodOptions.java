package org.orbited.bridge.common;

/**
 * One flood bucket's options, as both bridges name them: {@code PREFIX.rate} (lines per second, above 0, at most
 * 1000), {@code PREFIX.burst} (1..1000) and {@code PREFIX.queue} (lines waiting, {@code minQueue}..100000), e.g.
 * {@code flood}, {@code flood.channel}, {@code flood.visitor} (docs/irc.md and docs/xmpp.md "Configuration").
 */
public record FloodOptions(double rate, int burst, int queue) {

    /** Reads {@code prefix.rate/burst/queue} with these defaults; errors name the key ({@link OptionReader#bad}). */
    public static FloodOptions parse(OptionReader r, String prefix, double rate, int burst, int queue, int minQueue) {
        return new FloodOptions(r.positiveDecimal(prefix + ".rate", rate, 1000),
                r.integer(prefix + ".burst", burst, 1, 1000),
                r.integer(prefix + ".queue", queue, minQueue, 100_000));
    }
}
