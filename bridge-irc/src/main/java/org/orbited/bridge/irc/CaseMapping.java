package org.orbited.bridge.irc;

/**
 * IRC case folding, as a server announces it in {@code RPL_ISUPPORT CASEMAPPING=}. Nicks and channel names that
 * fold to the same string are the same on the server. The default before a server says otherwise is
 * {@link #RFC1459} (RFC 1459 section 2.2: {@code []\~} are the upper case of <code>{}|^</code>); ngircd 26
 * announces {@code ascii}. Characters outside ASCII are never folded (no IRC casemapping folds them).
 */
public enum CaseMapping {
    /** Only {@code A-Z}. */
    ASCII("ascii"),
    /** {@code A-Z} and {@code []\~} to {@code a-z} and <code>{}|^</code>. */
    RFC1459("rfc1459"),
    /** {@code A-Z} and {@code []\} (not {@code ~}). */
    STRICT_RFC1459("strict-rfc1459");

    private final String token;

    CaseMapping(String token) {
        this.token = token;
    }

    /** The ISUPPORT token, e.g. {@code rfc1459}. */
    public String token() {
        return token;
    }

    /**
     * The mapping for an ISUPPORT token, or empty for a token this enum does not know (e.g. {@code rfc7613} or
     * {@code rfc8265}, which also fold non-ASCII letters). The bridge then logs a warning and keeps the configured
     * {@code casemapping} (default {@code rfc1459}): ASCII letters still fold right; other characters may fold on the
     * server and not here.
     */
    public static java.util.Optional<CaseMapping> known(String token) {
        for (CaseMapping m : values()) {
            if (m.token.equalsIgnoreCase(token)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code name} folded to lower case under this mapping. */
    public String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            out.append(fold(name.charAt(i)));
        }
        return out.toString();
    }

    private char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + 32);
        }
        if (this == ASCII) {
            return c;
        }
        switch (c) {
            case '[':
                return '{';
            case ']':
                return '}';
            case '\\':
                return '|';
            case '~':
                return this == RFC1459 ? '^' : c;
            default:
                return c;
        }
    }
}
