package org.orbited.bridge.common;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads typed values from a plugin section ({@code [plugin:irc...]}, {@code [plugin:xmpp...]}), each error an
 * {@link IllegalArgumentException} naming the section and key ({@code [plugin:irc.oftc] port: ...}). Tracks which
 * keys were read so {@link #rejectUnknown} can refuse typos. Not thread-safe (used once, at start).
 */
public final class OptionReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final String section;
    private final Map<String, String> options;
    private final Set<String> known = new HashSet<>();

    /**
     * @param section the section name after {@code plugin:}, e.g. {@code irc.oftc}
     * @param options the section's keys and values as configured
     */
    public OptionReader(String section, Map<String, String> options) {
        this.section = section;
        this.options = options;
    }

    /** The error for {@code key}: {@code [plugin:<section>] <key>: <why>}. */
    public IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("[plugin:" + section + "] " + key + ": " + why);
    }

    /** The trimmed value, or {@code fallback} when absent or blank. */
    public String string(String key, String fallback) {
        known.add(key);
        String v = options.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The trimmed value; refused when absent or blank. */
    public String required(String key) {
        String v = string(key, null);
        if (v == null) {
            throw bad(key, "is required");
        }
        return v;
    }

    /** {@code 1/0}, {@code true/false}, {@code yes/no}, {@code on/off}; {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1": case "true": case "yes": case "on":
                return true;
            case "0": case "false": case "no": case "off":
                return false;
            default:
                throw bad(key, "'" + v + "' is not a boolean (1/0, true/false, yes/no, on/off)");
        }
    }

    /** A regular expression ({@code fallback} when absent), compiled; refused when it does not compile. */
    public Pattern pattern(String key, String fallback) {
        String v = string(key, fallback);
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw bad(key, "not a regular expression: " + e.getDescription());
        }
    }

    /** A whole number in {@code min..max}; {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
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

    /** A number above 0 and at most {@code max}; {@code fallback} when absent. */
    public double positiveDecimal(String key, double fallback, double max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || d > max) {
                throw bad(key, v + " must be above 0 and at most " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, "'" + v + "' is not a number");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration fallback, Duration max) {
        return duration(key, fallback, Duration.ZERO, max);
    }

    /** As {@link #duration(String, Duration, Duration)}, refusing values shorter than {@code min} too. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(key, "'" + v + "' is not a duration like 500ms, 30s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(max) > 0) {
            throw bad(key, v + " is longer than the maximum " + max);
        }
        if (d.compareTo(min) < 0) {
            throw bad(key, v + " is shorter than the minimum " + min);
        }
        return d;
    }

    /** Refuses keys no {@code string/required/...} call asked for: a typo must not be silently ignored. */
    public void rejectUnknown() {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw bad(key, "unknown option; known options: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }
}
