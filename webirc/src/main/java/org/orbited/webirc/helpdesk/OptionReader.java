package org.orbited.webirc.helpdesk;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from the {@code [plugin:helpdesk]} section; each error an {@link IllegalArgumentException}
 * naming the section and key ({@code [plugin:helpdesk] text.max: ...}), which fails the plugin's start. Remembers
 * the keys it was asked for so {@link #rejectUnknown} refuses typos. Used once, at start; not thread-safe.
 */
final class OptionReader {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private final String section;
    private final Map<String, String> options;
    private final Set<String> known = new TreeSet<>();

    OptionReader(String section, Map<String, String> options) {
        this.section = section;
        this.options = options;
    }

    IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("[plugin:" + section + "] " + key + ": " + why);
    }

    /** Whether the key is present at all (an empty value counts as present). */
    boolean has(String key) {
        known.add(key);
        return options.containsKey(key);
    }

    /** The trimmed value; {@code fallback} when absent or blank. */
    String string(String key, String fallback) {
        known.add(key);
        String v = options.get(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** {@code 1/0}, {@code true/false}, {@code yes/no}, {@code on/off}. */
    boolean bool(String key, boolean fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw bad(key, "'" + v + "' is not 1/0, true/false, yes/no or on/off");
        };
    }

    /** A whole number in {@code min..max}. */
    int integer(String key, int fallback, int min, int max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw bad(key, n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, "'" + v + "' is not a whole number");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}; a bare number is seconds; at most {@code max}. */
    Duration duration(String key, Duration fallback, Duration max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(key, "'" + v + "' is not a duration like 30s, 10m, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(max) > 0) {
            throw bad(key, v + " is longer than the maximum " + max);
        }
        return d;
    }

    /** Refuses keys nobody asked for: a typo must not be ignored silently. */
    void rejectUnknown() {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw bad(key, "unknown option; known options: " + String.join(", ", known));
            }
        }
    }
}
