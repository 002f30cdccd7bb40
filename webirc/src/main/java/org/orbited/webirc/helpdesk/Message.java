package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a conversation, as clients see it: {@code {id, from, name, text, time}}. Immutable.
 *
 * @param id   unique id (clients deduplicate by it)
 * @param from {@link #VISITOR}, {@link #HELPER} or {@link #SYSTEM}
 * @param name who said it (the visitor's or helper's name; empty for system lines)
 * @param text the validated text
 * @param time when the desk took it
 */
public record Message(String id, String from, String name, String text, Instant time) {
    public static final String VISITOR = "visitor";
    public static final String HELPER = "helper";
    public static final String SYSTEM = "system";

    public Message {
        Objects.requireNonNull(id, "id");
        if (!VISITOR.equals(from) && !HELPER.equals(from) && !SYSTEM.equals(from)) {
            throw new IllegalArgumentException("from must be visitor, helper or system: " + from);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
