package org.orbited.bridge.common.mirror;

import org.orbited.bridge.common.OptionReader;

/**
 * What mirror mode needs to know about a bridge's carriers (IRC channels, XMPP MUC rooms): how their names are
 * written and checked ({@code mirror.prefix}, {@code mirror.key}) and how much text one line or message may carry.
 * Implementations are stateless and thread-safe.
 */
public interface MirrorCarriers {
    /**
     * The carrier-name prefix to use: {@code configured} ({@code mirror.prefix}) normalised and checked, or the
     * bridge's default when null. A carrier's name is the prefix followed by {@value MirrorRoutes#HASH_CHARS}
     * lower-case base32 characters.
     *
     * @throws IllegalArgumentException {@code r.bad("mirror.prefix", ...)} when it cannot name a carrier
     */
    String prefix(OptionReader r, String configured);

    /**
     * Checks {@code key} ({@code mirror.key}: IRC's channel key, a MUC room's password).
     *
     * @throws IllegalArgumentException {@code r.bad("mirror.key", ...)} when the carrier cannot use it
     */
    void checkKey(OptionReader r, String key);

    /** UTF-8 bytes of text one line (message body) from {@code sender} on {@code carrier} may have. */
    int textBytes(String sender, String carrier);

    /** The least {@link #textBytes} any sender gets on any carrier of this bridge (for sizing queues). */
    int leastTextBytes();
}
