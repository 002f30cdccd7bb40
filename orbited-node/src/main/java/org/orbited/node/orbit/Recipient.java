package org.orbited.node.orbit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One interpreted {@code recipient} header value (orbit-protocol.md §2.2, "Recipient values").
 *
 * <p>Equality of the records is the normalised form used for de-duplication: {@code alice, 0, /chat}
 * and {@code (alice, 0, /chat)} are the same {@link Key}; {@code /lobby} and {@code (/lobby)} the same
 * {@link Channel}; {@link Invalid} values are equal when their raw values are. Pure functions,
 * thread-safe, never throw on any input.
 */
public sealed interface Recipient {

    /**
     * Interprets a raw value: trims it, removes one surrounding pair of parentheses, then a value
     * starting with {@code /} and containing no {@code ,} is a {@link Channel}; otherwise a split on
     * {@code ", "} giving exactly three fields is a {@link Key}; anything else is {@link Invalid}.
     */
    static Recipient parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        String trimmed = raw.trim();
        String value = trimmed;
        if (value.length() >= 2 && value.charAt(0) == '(' && value.charAt(value.length() - 1) == ')') {
            value = value.substring(1, value.length() - 1);
        }
        if (value.startsWith("/") && value.indexOf(',') < 0) {
            return new Channel(value);
        }
        // Exactly two ", " separators (what split(", ", -1) into three fields meant), without a regex per request.
        int first = value.indexOf(", ");
        int second = first < 0 ? -1 : value.indexOf(", ", first + 2);
        if (second >= 0 && value.indexOf(", ", second + 2) < 0) {
            return new Key(value.substring(0, first), value.substring(first + 2, second), value.substring(second + 2));
        }
        return new Invalid(trimmed);
    }

    /** Parses every raw value and keeps the first of each group of equal recipients, in order. */
    static List<Recipient> parseDistinct(List<String> raws) {
        Set<Recipient> distinct = new LinkedHashSet<>();
        for (String raw : raws) {
            distinct.add(parse(raw));
        }
        return new ArrayList<>(distinct);
    }

    /** The parenthesised form listed on a {@code recipient:} line of a {@code Failure} reply. */
    String failureForm();

    /** A channel name such as {@code /rooms/lobby} (§2.3). */
    record Channel(String name) implements Recipient {
        public Channel {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String failureForm() {
            return "(" + name + ")";
        }
    }

    /** A connection key; matched by exact equality of all three fields. */
    record Key(String user, String session, String location) implements Recipient {
        public Key {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(location, "location");
        }

        /** {@code (user, session, location)}. */
        @Override
        public String failureForm() {
            return "(" + user + ", " + session + ", " + location + ")";
        }
    }

    /** A value that is neither a channel nor a key; it always fails. */
    record Invalid(String raw) implements Recipient {
        public Invalid {
            Objects.requireNonNull(raw, "raw");
        }

        /** {@code (raw value)}, the trimmed value as the client sent it, parentheses included. */
        @Override
        public String failureForm() {
            return "(" + raw + ")";
        }
    }
}
