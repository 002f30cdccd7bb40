package org.orbited.halod.link;

import java.util.Objects;

/** BYE, both directions: {@code {"type":"BYE","reason":"drained"}}; the sender closes the link after it. */
public record Bye(ByeReason reason) implements LinkMessage {
    public Bye {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return "BYE";
    }
}
