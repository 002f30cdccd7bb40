package org.orbited.bridge.common;

import java.util.Objects;

/**
 * A request refused before anything was sent or published, with the stable {@code code} the reply carries
 * ({@link Replies#failure}) and a message for people. Checked: every service path must answer it.
 */
public final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code    the stable code, e.g. {@code irc_not_subscribed} ({@code codes.of("not_subscribed")})
     * @param message what went wrong and what to do, for people
     */
    public Refused(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code browsers may match on. */
    public String code() {
        return code;
    }
}
