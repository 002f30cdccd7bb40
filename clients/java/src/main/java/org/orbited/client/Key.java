package org.orbited.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * One browser session's address, {@code (user, session, location)}: the {@code user} and
 * {@code session} query parameters the page connected with and the path it opened (orbit-protocol.md
 * §1). Immutable, thread-safe; {@link #toString()} is the wire form {@code user, session, /location}.
 *
 * <p>The wire format has no escaping, so the constructor rejects, naming the value, anything that
 * would not come back unchanged: control characters, {@code ", "} inside a field, empty user or
 * session, whitespace at the ends (the node trims), a location not starting with {@code /}, and a
 * value the node would read as parenthesised.
 *
 * @param user the app-chosen user id, as in {@code ?user=}
 * @param session the app-chosen session token, as in {@code ?session=}; make it unguessable
 * @param location the path the browser opened, e.g. {@code /chat}
 */
public record Key(String user, String session, String location) implements Recipient {

    /** Validates; see the class comment. @throws IllegalArgumentException naming the bad value */
    public Key {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(location, "location");
        field("user", user);
        field("session", session);
        field("location", location);
        if (!location.startsWith("/")) {
            throw new IllegalArgumentException("location \"" + location + "\" must start with /");
        }
        if (user.startsWith("(") && location.endsWith(")")) {
            throw new IllegalArgumentException("key (" + user + ", " + session + ", " + location
                    + ") would be read as parenthesised; the node strips one pair of parentheses");
        }
        String wire = user + ", " + session + ", " + location;
        if (!Arrays.equals(wire.split(", ", -1), new String[] {user, session, location})) {
            throw new IllegalArgumentException("key \"" + wire + "\" does not split back into its three fields");
        }
    }

    /** The key {@code (user, session, location)}. @throws IllegalArgumentException naming a bad value */
    public static Key of(String user, String session, String location) {
        return new Key(user, session, location);
    }

    @Override
    public String wireForm() {
        return user + ", " + session + ", " + location;
    }

    /** The wire form, {@code user, session, /location}. */
    @Override
    public String toString() {
        return wireForm();
    }

    private static void field(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty; a browser cannot connect with an empty " + name);
        }
        Checks.requireNoControl(name, value);
        if (value.contains(", ")) {
            throw new IllegalArgumentException(name + " \"" + value
                    + "\" contains \", \", the key field separator, which the wire format cannot escape");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(name + " \"" + value
                    + "\" starts or ends with whitespace, which the node trims away");
        }
    }
}
