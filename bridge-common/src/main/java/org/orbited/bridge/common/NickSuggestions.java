package org.orbited.bridge.common;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A free nick to suggest when the one asked for is taken: the nick (cut to leave room, at a code point boundary:
 * a surrogate pair is never split) plus {@code _} and two
 * random digits, tried up to 20 times against {@code acceptable} (valid and not held by another visitor of ours),
 * else plus {@code _} and three digits. Pure apart from the random digits; any thread.
 */
public final class NickSuggestions {
    private NickSuggestions() {
    }

    /**
     * @param nick       the nick that is taken
     * @param maxLength  the longest nick the network takes (IRC: 30); the two-digit suggestions fit it
     * @param acceptable whether a candidate may be suggested
     * @return a candidate {@code acceptable} accepted, or, after 20 refusals, one with three digits (unchecked)
     */
    public static String suggest(String nick, int maxLength, Predicate<String> acceptable) {
        int keep = Math.max(1, maxLength - 3);
        if (nick.length() > keep && Character.isHighSurrogate(nick.charAt(keep - 1))) {
            keep--;  // never split a surrogate pair: cut before it
        }
        String base = nick.length() > keep ? nick.substring(0, keep) : nick;
        for (int i = 0; i < 20; i++) {
            String s = base + "_" + ThreadLocalRandom.current().nextInt(10, 100);
            if (acceptable.test(s)) {
                return s;
            }
        }
        return base + "_" + ThreadLocalRandom.current().nextInt(100, 1000);
    }
}
