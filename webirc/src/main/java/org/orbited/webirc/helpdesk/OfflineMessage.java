package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.Objects;

/**
 * A message a visitor left for the desk ({@code helpdesk/leave}), kept until a helper marks it done. Immutable.
 *
 * @param email the visitor's address to answer to, or null
 * @param page  the page it was left on, or null
 */
public record OfflineMessage(String id, String desk, String name, String email, String text, String page,
                             Instant time) {
    public OfflineMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(desk, "desk");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
