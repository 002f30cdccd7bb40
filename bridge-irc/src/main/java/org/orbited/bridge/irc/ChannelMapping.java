package org.orbited.bridge.irc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;

/**
 * IRC channel {@code #name} on network {@code net} is the Bayeux channel {@code /irc/net/<escaped folded name>}
 * ({@link BridgeChannelNames#ircChannel}); this class maps both ways and enforces the allowlist.
 *
 * <p><b>Folding.</b> IRC channel names are case-insensitive under the server's {@link CaseMapping}, Bayeux names
 * are not, so the Bayeux name is always made from the folded name: {@code #Help} and {@code #help} are both
 * {@code /irc/net/$23help}, and {@code /irc/net/$23Help} is refused ({@code NOT_CANONICAL}) rather than being a
 * second name for one channel. The case mapping is fixed when the mapping is made (the configured default,
 * {@code rfc1459}, until the connection learns the server's; make a new mapping then).
 *
 * <p><b>Allowlist.</b> Entries are channel names, each optionally with {@code *} (any run of characters, possibly
 * empty) or {@code ?} (one character); matching folds both sides. An empty allowlist allows nothing.
 *
 * <p><b>Valid names</b> (RFC 2812 section 1.3): a prefix {@code # & + !}, at most {@value #MAX_NAME_LENGTH}
 * characters in all, and no space, comma, BELL (0x07), colon, other control character or lone surrogate. Immutable, thread-safe.
 */
public final class ChannelMapping {
    /** RFC 2812 channel name length limit, prefix included. */
    public static final int MAX_NAME_LENGTH = 50;
    /** The network name grammar: it is its own escaped segment. */
    public static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String network;
    private final String escapedNetwork;
    private final CaseMapping caseMapping;
    private final List<Pattern> allowlist;
    private final List<String> allowEntries;

    /**
     * @param network   the network's name in Bayeux channel names, matching {@link #NETWORK_NAME}
     * @param allowlist channel names or globs (see class doc)
     * @throws IllegalArgumentException naming a bad network or allowlist entry
     */
    public ChannelMapping(String network, CaseMapping caseMapping, List<String> allowlist) {
        if (network == null || !NETWORK_NAME.matcher(network).matches()) {
            throw new IllegalArgumentException("IRC network name '" + network + "' must match "
                    + NETWORK_NAME.pattern());
        }
        this.network = network;
        this.escapedNetwork = BridgeChannelNames.escape(network);
        this.caseMapping = caseMapping;
        this.allowEntries = List.copyOf(allowlist);
        this.allowlist = allowlist.stream().map(this::compileEntry).toList();
    }

    private Pattern compileEntry(String entry) {
        String problem = invalidity(entry.replace('*', 'x').replace('?', 'x'));
        if (problem != null) {
            throw new IllegalArgumentException("allowlist entry '" + entry + "': " + problem);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : caseMapping.fold(entry).toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public String network() {
        return network;
    }

    public CaseMapping caseMapping() {
        return caseMapping;
    }

    /** The allowlist entries as given. */
    public List<String> allowlist() {
        return allowEntries;
    }

    /** Why {@code name} is not a valid IRC channel name, or null when it is. */
    public static String invalidity(String name) {
        if (name == null || name.isEmpty()) {
            return "empty channel name";
        }
        if ("#&+!".indexOf(name.charAt(0)) < 0) {
            return "channel name '" + name + "' must start with #, &, + or !";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "channel name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (name.length() == 1) {
            return "channel name '" + name + "' has nothing after its prefix";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == ',' || c == ':' || c < 0x20 || c == 0x7F
                    || (Character.isSurrogate(c) && !isPaired(name, i))) {
                return String.format(Locale.ROOT, "channel name has a forbidden character U+%04X at offset %d",
                        (int) c, i);
            }
        }
        return null;
    }

    private static boolean isPaired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** The folded name, for comparing and as map keys. */
    public String fold(String ircChannel) {
        return caseMapping.fold(ircChannel);
    }

    /** Whether the (valid) IRC channel is on the allowlist. */
    public boolean isAllowed(String ircChannel) {
        String folded = caseMapping.fold(ircChannel);
        return allowlist.stream().anyMatch(p -> p.matcher(folded).matches());
    }

    /**
     * The Bayeux channel of an IRC channel, whether allowed or not (events of a channel the bridge is in are always
     * mapped).
     *
     * @throws IllegalArgumentException when {@code ircChannel} is not a valid channel name
     */
    public ChannelId toBayeux(String ircChannel) {
        String problem = invalidity(ircChannel);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return BridgeChannelNames.ircChannel(network, caseMapping.fold(ircChannel));
    }

    /**
     * The IRC channel (folded) a browser may reach through {@code bayeux}, checking the shape, network, escape,
     * canonical case, validity and allowlist in that order.
     *
     * @throws ChannelRefusedException with the first refusal
     */
    public String toIrc(ChannelId bayeux) throws ChannelRefusedException {
        if (bayeux.isWildcard() || bayeux.depth() != 3 || !BridgeChannelNames.IRC_ROOT.equals(bayeux.segment(0))) {
            throw refused(ChannelRefusedException.Refusal.NOT_AN_IRC_CHANNEL, bayeux,
                    "is not /" + BridgeChannelNames.IRC_ROOT + "/<network>/<channel>");
        }
        if (!escapedNetwork.equals(bayeux.segment(1))) {
            throw refused(ChannelRefusedException.Refusal.OTHER_NETWORK, bayeux, "is not on network " + network);
        }
        String name;
        try {
            name = BridgeChannelNames.unescape(bayeux.segment(2));
        } catch (IllegalArgumentException e) {
            throw refused(ChannelRefusedException.Refusal.BAD_ESCAPE, bayeux, e.getMessage());
        }
        String problem = invalidity(name);
        if (problem != null) {
            throw refused(ChannelRefusedException.Refusal.INVALID_NAME, bayeux, problem);
        }
        if (!caseMapping.fold(name).equals(name)) {
            throw refused(ChannelRefusedException.Refusal.NOT_CANONICAL, bayeux,
                    "names IRC channel '" + name + "' in upper case; use " + toBayeux(name));
        }
        if (!isAllowed(name)) {
            throw refused(ChannelRefusedException.Refusal.NOT_ALLOWED, bayeux,
                    "IRC channel '" + name + "' is not in the allowlist of network " + network);
        }
        return name;
    }

    private static ChannelRefusedException refused(ChannelRefusedException.Refusal r, ChannelId c, String why) {
        return new ChannelRefusedException(r, "Bayeux channel " + c + " " + why);
    }
}
