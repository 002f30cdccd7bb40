package org.orbited.webirc.helpdesk;

import java.util.Objects;

/**
 * A request the desk refuses: its {@link HelpDeskCodes code} and a readable message, answered as
 * {@code {"ok":false,"code":...,"message":...}}. Thrown by validation and by the services; caught once, where the
 * request is answered. No stack trace (it is an answer, not a failure).
 */
public final class HelpDeskRefusal extends RuntimeException {
    private final String code;

    public HelpDeskRefusal(String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** One of {@link HelpDeskCodes}. */
    public String code() {
        return code;
    }
}
