package org.orbited.client;

import java.util.Objects;

/**
 * A channel such as {@code /rooms/lobby} (orbit-protocol.md §2.3): an event sent to it is queued to
 * every browser session subscribed at that moment ({@code channel=/rooms/lobby} in the page's URL).
 * A channel recipient always counts as reached once the fan-out is queued, even with no subscribers;
 * per-subscriber failures are not reported. Immutable, thread-safe; {@link #toString()} is the name.
 *
 * @param name starts with {@code /}, no comma, no control characters, no surrounding whitespace
 */
public record Channel(String name) implements Recipient {

    /** Validates. @throws IllegalArgumentException naming the bad value */
    public Channel {
        Objects.requireNonNull(name, "channel");
        Checks.requireNoControl("channel", name);
        if (!name.startsWith("/") || name.length() < 2) {
            throw new IllegalArgumentException("channel \"" + name + "\" must start with / and name something");
        }
        if (name.indexOf(',') >= 0) {
            throw new IllegalArgumentException("channel \"" + name + "\" contains a comma; the node would read it as a key");
        }
        if (!name.equals(name.strip())) {
            throw new IllegalArgumentException("channel \"" + name + "\" ends with whitespace, which the node trims away");
        }
    }

    /** The channel {@code name}. @throws IllegalArgumentException naming a bad value */
    public static Channel of(String name) {
        return new Channel(name);
    }

    @Override
    public String wireForm() {
        return name;
    }

    /** The channel name. */
    @Override
    public String toString() {
        return name;
    }
}
