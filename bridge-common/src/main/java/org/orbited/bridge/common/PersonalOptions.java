package org.orbited.bridge.common;

import java.time.Duration;

/**
 * The personal-session options both bridges share: {@code personal.max} (sessions, 0..10000; default 20, or 0 when
 * the mode allows no personal sessions), {@code personal.grace} (0..1h, default 30s), {@code personal.nick}
 * ({@code chosen}, the default, or {@code principal}) and {@code personal.login.rate} (logins per minute, 1..1000,
 * default 5).
 */
public record PersonalOptions(int max, Duration grace, boolean nickFromPrincipal, int loginRate) {

    /** Reads the four keys; {@code personalAllowed}: whether the bridge's mode allows personal sessions at all. */
    public static PersonalOptions parse(OptionReader r, boolean personalAllowed) {
        int max = r.integer("personal.max", personalAllowed ? 20 : 0, 0, 10_000);
        Duration grace = r.duration("personal.grace", Duration.ofSeconds(30), Duration.ofHours(1));
        String nick = r.string("personal.nick", "chosen");
        if (!nick.equals("chosen") && !nick.equals("principal")) {
            throw r.bad("personal.nick", "'" + nick + "' is not chosen or principal");
        }
        int loginRate = r.integer("personal.login.rate", 5, 1, 1000);
        return new PersonalOptions(max, grace, nick.equals("principal"), loginRate);
    }
}
