package org.orbited.node.core;

import java.util.Objects;

/**
 * The address of a browser connection: the triple (user, session, location) of the Orbit protocol.
 * The location is the raw URL path with its leading {@code /}.
 */
public record SessionKey(String user, String session, String location) {
    public SessionKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(location, "location");
    }

    /** The form used in Orbit {@code Failure} replies: {@code (user, session, /loc)}. */
    public String failureForm() {
        return "(" + user + ", " + session + ", " + location + ")";
    }

    @Override
    public String toString() {
        return user + ", " + session + ", " + location;
    }
}
