package org.orbited.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who an event goes to: a {@link Key} (one browser session) or a {@link Channel} (every browser
 * subscribed to it, orbit-protocol.md §2.3). Instances are immutable and validated when created, so a
 * recipient that exists can always be written on the wire and read back unchanged.
 *
 * <p>Wherever the client accepts recipients it also accepts plain strings, read with {@link #parse}:
 * {@code "alice, 7f3a, /chat"} is a key and {@code "/rooms/lobby"} a channel.
 */
public sealed interface Recipient permits Key, Channel {

    /** The value written after {@code recipient: } on the wire, e.g. {@code alice, 7f3a, /chat}. */
    String wireForm();

    /** The key {@code (user, session, location)}; see {@link Key#of}. */
    static Key key(String user, String session, String location) {
        return Key.of(user, session, location);
    }

    /** The channel {@code name}, e.g. {@code /rooms/lobby}; see {@link Channel#of}. */
    static Channel channel(String name) {
        return Channel.of(name);
    }

    /**
     * Reads the wire form: a value starting with {@code /} and containing no comma is a channel;
     * otherwise it must split on {@code ", "} into exactly three fields, a key. One surrounding pair of
     * parentheses (the form Failure replies use) is removed first.
     *
     * @throws IllegalArgumentException naming {@code value} when it is neither
     */
    static Recipient parse(String value) {
        Objects.requireNonNull(value, "recipient");
        String v = value;
        if (v.length() >= 2 && v.charAt(0) == '(' && v.charAt(v.length() - 1) == ')') {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("/") && v.indexOf(',') < 0) {
            return Channel.of(v);
        }
        String[] f = v.split(", ", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("recipient \"" + value
                    + "\" is neither a channel (/name, no comma) nor a key (user, session, /location)");
        }
        return Key.of(f[0], f[1], f[2]);
    }

    /**
     * Converts what a caller passed: {@code Recipient}s as they are, {@code String}s through
     * {@link #parse}. Duplicates are dropped (the node would deliver them once anyway), order is kept.
     *
     * @throws IllegalArgumentException if the collection is empty or holds another type or a bad value
     * @throws NullPointerException if it is or contains {@code null}
     */
    static List<Recipient> listOf(Collection<?> recipients) {
        Objects.requireNonNull(recipients, "recipients");
        int n = recipients.size();
        if (n == 1) { // the usual case, without a set: one small immutable list
            return List.of(one(recipients.iterator().next()));
        }
        Set<Recipient> out = new LinkedHashSet<>();
        for (Object o : recipients) {
            out.add(one(o));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no recipients (the node answers such a request with a Failure)");
        }
        return List.copyOf(new ArrayList<>(out));
    }

    private static Recipient one(Object o) {
        Objects.requireNonNull(o, "a recipient is null");
        if (o instanceof Recipient r) {
            return r;
        }
        if (o instanceof String s) {
            return parse(s);
        }
        throw new IllegalArgumentException("recipient " + o + " is a " + o.getClass().getName()
                + "; expected a Recipient or a String");
    }
}
