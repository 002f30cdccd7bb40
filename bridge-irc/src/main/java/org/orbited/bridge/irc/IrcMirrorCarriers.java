package org.orbited.bridge.irc;

import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.TextRules;
import org.orbited.bridge.common.mirror.MirrorCarriers;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorRoutes;

/**
 * Mirror mode's carriers on IRC: channels named {@code mirror.prefix} (default {@value #DEFAULT_PREFIX}; {@code #}
 * added when it has no channel prefix, as in {@code channels}; never {@code &}) plus the hash, within
 * {@value #MAX_CHANNEL_LENGTH} characters; {@code mirror.key} is a channel key (+k); a fragment fits the line other
 * clients receive, {@code :nick!user@host PRIVMSG #channel :text\r\n} ({@link LineBudget}), the nick counted as at
 * least {@value #BUDGET_NICK} bytes. Stateless.
 */
final class IrcMirrorCarriers implements MirrorCarriers {
    /** The one instance. */
    static final IrcMirrorCarriers INSTANCE = new IrcMirrorCarriers();
    /** {@code mirror.prefix}' default. */
    static final String DEFAULT_PREFIX = "#orbited-mirror-";
    /** ngircd's and RFC 2812's channel name limit. */
    static final int MAX_CHANNEL_LENGTH = 50;
    /** The nick length the budget assumes at least (the longest nick {@link IrcOptions} accepts). */
    static final int BUDGET_NICK = 30;

    private IrcMirrorCarriers() {
    }

    @Override
    public String prefix(OptionReader r, String configured) {
        String prefix = configured == null ? DEFAULT_PREFIX : IrcOptions.withPrefix(configured);  // # starts a comment
        String sample = prefix + "a".repeat(MirrorRoutes.HASH_CHARS);
        if (sample.length() > MAX_CHANNEL_LENGTH) {
            throw r.bad("mirror.prefix", "'" + prefix + "' is too long: with the " + MirrorRoutes.HASH_CHARS
                    + "-character hash a channel name must stay within " + MAX_CHANNEL_LENGTH + " characters");
        }
        if (prefix.charAt(0) == '&') {
            throw r.bad("mirror.prefix", "'" + prefix + "' starts with &: & channels are local to one IRC server and"
                    + " never cross to nodes on the network's other servers; use a # prefix");
        }
        if (prefix.charAt(0) != '#') {
            throw r.bad("mirror.prefix", "'" + prefix + "' must start with #");
        }
        String problem = ChannelMapping.invalidity(sample);
        if (problem != null) {
            throw r.bad("mirror.prefix", problem);
        }
        return prefix;
    }

    @Override
    public void checkKey(OptionReader r, String key) {
        if (!key.matches("[\\x21-\\x2B\\x2D-\\x39\\x3B-\\x7E]{1,23}")) {
            throw r.bad("mirror.key", "must be 1 to 23 printable ASCII characters without space, comma or colon");
        }
    }

    @Override
    public int textBytes(String sender, String carrier) {
        return textBytes(Math.max(BUDGET_NICK, TextRules.utf8Length(sender)), TextRules.utf8Length(carrier));
    }

    @Override
    public int leastTextBytes() {
        return textBytes(BUDGET_NICK, MAX_CHANNEL_LENGTH);
    }

    /** Fragments needed at most for a payload of {@code payloadBytes} on any IRC carrier. */
    static int maxFragments(int payloadBytes) {
        return MirrorCodec.maxFragments(payloadBytes, INSTANCE);
    }

    private static int textBytes(int nickBytes, int channelBytes) {
        return LineBudget.forSender("n".repeat(nickBytes), null, null, "#".repeat(channelBytes)).textBytes();
    }
}
