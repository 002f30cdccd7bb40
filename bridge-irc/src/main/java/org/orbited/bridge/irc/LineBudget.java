package org.orbited.bridge.irc;

import java.nio.charset.StandardCharsets;

/**
 * How many UTF-8 bytes of text fit in one IRC line once a server relays it to other clients as
 * {@code :nick!user@host PRIVMSG #channel :text\r\n}, at most {@value #MAX_LINE_BYTES} bytes with CRLF (RFC 1459 /
 * RFC 2812 section 2.3). The relayed prefix, not the line the bridge sends, is what must fit: a server truncates the
 * relayed copy, so a budget computed from the line we send would lose the end of every long message.
 *
 * <p><b>Assumption</b> for parts the bridge may not know: a user name of {@value #ASSUMED_USER} bytes (USERLEN 10
 * plus the {@code ~} a server adds without ident) and a host of {@value #ASSUMED_HOST} bytes (HOSTLEN of ngircd,
 * InspIRCd and most ircds; cloaks and IPv6 addresses fit). A known longer part is used as given. The budget also
 * reserves {@value #ACTION_OVERHEAD} bytes so that a {@code /me} ({@code \u0001ACTION text\u0001}) fits the same
 * budget, and PRIVMSG is longer than NOTICE, so one budget serves all three. Immutable.
 */
public record LineBudget(int textBytes) {
    /** RFC 1459 line limit, CRLF included. */
    public static final int MAX_LINE_BYTES = 512;
    /** Assumed user name length when unknown. */
    public static final int ASSUMED_USER = 11;
    /** Assumed host length when unknown. */
    public static final int ASSUMED_HOST = 63;
    /** {@code \u0001ACTION } and the closing {@code \u0001}. */
    public static final int ACTION_OVERHEAD = 9;
    /** {@code :} {@code !} {@code @} {@code " PRIVMSG "} {@code " :"} and CRLF. */
    static final int FIXED_OVERHEAD = 1 + 1 + 1 + " PRIVMSG ".length() + 2 + 2;
    /** Budgets below this are refused: the nick or channel is unreasonably long. */
    public static final int MIN_TEXT_BYTES = 64;

    public LineBudget {
        if (textBytes < MIN_TEXT_BYTES) {
            throw new IllegalArgumentException("an IRC line budget of " + textBytes + " bytes is below "
                    + MIN_TEXT_BYTES + ": nick or channel name too long");
        }
    }

    /**
     * The budget for {@code nick} speaking in {@code channel}; {@code user} or {@code host} may be null (unknown),
     * then the assumed lengths apply, as they do when a known part is shorter than assumed (it may change, e.g. a
     * cloak set after login).
     */
    public static LineBudget forSender(String nick, String user, String host, String channel) {
        int overhead = FIXED_OVERHEAD + ACTION_OVERHEAD + bytes(nick) + bytes(channel)
                + Math.max(ASSUMED_USER, user == null ? 0 : bytes(user))
                + Math.max(ASSUMED_HOST, host == null ? 0 : bytes(host));
        return new LineBudget(MAX_LINE_BYTES - overhead);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
