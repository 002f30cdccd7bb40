package org.orbited.plugin;

/**
 * The Bayeux channel-name grammar (bayeux.md 1.3), in one place: {@link ChannelId} parses with it, and through
 * {@link ChannelId} so do the node's Bayeux server and its configuration ({@code [bayeux] read_only}). Package
 * private: plugins and the node see the grammar only as {@link ChannelId}.
 *
 * <pre>
 * channel  = "/" segment *( "/" segment )          ; case-sensitive, ASCII only
 * segment  = 1*( ALPHA / DIGIT / "-" / "_" / "!" / "~" / "(" / ")" / "$" / "@" )
 * pattern  = *( "/" segment ) "/" ( "*" / "**" )
 * </pre>
 */
final class ChannelGrammar {
    /** Longest accepted name, in characters. */
    static final int MAX_LENGTH = 8192;

    private ChannelGrammar() {
    }

    /**
     * Checks a channel name or pattern.
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    static void check(String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid Bayeux channel " + describe(name) + ": " + problem);
        }
    }

    /** Null when {@code name} is a valid channel name or pattern, else a readable reason. */
    static String problemWith(String name) {
        if (name == null) {
            return "no name";
        }
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters (" + name.length() + ")";
        }
        if (name.charAt(0) != '/') {
            return "must start with '/'";
        }
        int segmentStart = 1;
        for (int i = 1; i <= name.length(); i++) {
            if (i < name.length() && name.charAt(i) != '/') {
                continue;
            }
            if (i == segmentStart) {
                return i == name.length() ? "ends with '/'" : "empty segment at offset " + i;
            }
            String segment = name.substring(segmentStart, i);
            if (segment.equals("*") || segment.equals("**")) {
                if (i != name.length()) {
                    return "wildcard '" + segment + "' is allowed only as the last segment";
                }
            } else {
                for (int j = segmentStart; j < i; j++) {
                    char c = name.charAt(j);
                    if (!isSegmentChar(c)) {
                        return "character " + describeChar(c) + " at offset " + j + " is not allowed";
                    }
                }
            }
            segmentStart = i + 1;
        }
        return null;
    }

    static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '!' || c == '~' || c == '(' || c == ')' || c == '$' || c == '@';
    }

    private static String describeChar(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** {@code name} quoted for an error message, cut at 80 characters. */
    static String describe(String name) {
        if (name == null) {
            return "null";
        }
        return name.length() > 80 ? "'" + name.substring(0, 80) + "...'" : "'" + name + "'";
    }
}
