package org.orbited.node.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for a configuration key or section that does not exist: the closest known name by edit
 * distance (Levenshtein, case-insensitive), when it is close enough to be a typo (at most a third of the
 * longer name's characters, and at most 3), or the same key name found in another section. Plain Java
 * (a dozen lines of dynamic programming rather than a text library for one function); stateless.
 */
final class KeySuggestions {
    private static final int MAX_DISTANCE = 3;

    private KeySuggestions() {
    }

    /**
     * The best suggestion for the unknown {@code name} in {@code section}, written as the user would write it:
     * {@code "http.port"} for a key of the same section, {@code "[transport] stream_max_bytes"} for one of
     * another section.
     */
    static Optional<String> forKey(String section, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String s = section.toLowerCase(Locale.ROOT);
        List<ConfigKey> sameName = ConfigKeys.ALL.stream().filter(k -> k.name().equals(n)).toList();
        if (!sameName.isEmpty()) {
            return Optional.of("[" + sameName.get(0).section() + "] " + sameName.get(0).name());
        }
        Optional<String> inSection = closest(n, ConfigKeys.ALL.stream().filter(k -> k.section().equals(s))
                .map(ConfigKey::name).toList());
        if (inSection.isPresent()) {
            return inSection;
        }
        return ConfigKeys.ALL.stream()
                .filter(k -> isClose(n, k.name()))
                .min(Comparator.comparingInt(k -> distance(n, k.name())))
                .map(k -> "[" + k.section() + "] " + k.name());
    }

    /** The closest known section name to the unknown {@code section}, written {@code [name]}. */
    static Optional<String> forSection(String section) {
        List<String> known = new ArrayList<>(ConfigKeys.sections());
        known.add(ConfigKeys.PROXY);
        return closest(section.toLowerCase(Locale.ROOT), known).map(s -> "[" + s + "]");
    }

    private static Optional<String> closest(String name, List<String> candidates) {
        return candidates.stream().filter(c -> isClose(name, c)).min(Comparator.comparingInt(c -> distance(name, c)));
    }

    private static boolean isClose(String a, String b) {
        int d = distance(a, b);
        return d <= MAX_DISTANCE && d * 3 <= Math.max(a.length(), b.length());
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
