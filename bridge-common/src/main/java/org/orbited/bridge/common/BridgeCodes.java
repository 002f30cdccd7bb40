package org.orbited.bridge.common;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable error codes of one bridge: {@code new BridgeCodes("xmpp").of("flood_queue_full")} is
 * {@code "xmpp_flood_queue_full"}. Shared classes never spell a bridge's prefix; they take the bridge's codes and
 * name the code by its suffix (always as a literal {@code codes.of("...")}, so a grep finds every code a bridge can
 * emit). Immutable, thread-safe.
 */
public final class BridgeCodes {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    private final String prefix;

    /** @param prefix the bridge's code prefix without the underscore: {@code irc}, {@code xmpp} */
    public BridgeCodes(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("code prefix must be lower-case letters and digits: " + prefix);
        }
        this.prefix = prefix;
    }

    /** The prefix, e.g. {@code irc}. */
    public String prefix() {
        return prefix;
    }

    /**
     * The full code for {@code suffix}: {@code prefix + "_" + suffix}.
     *
     * @throws IllegalArgumentException unless {@code suffix} is lower-case words joined by single underscores
     */
    public String of(String suffix) {
        if (suffix == null || !SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("code suffix must be lower-case words joined by '_': " + suffix);
        }
        return prefix + "_" + suffix;
    }

    @Override
    public String toString() {
        return prefix + "_*";
    }
}
