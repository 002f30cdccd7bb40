package org.orbited.bridge.irc;

/** A Bayeux or IRC channel the bridge will not connect, with the {@link Refusal} a reply can carry. */
public final class ChannelRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. Codes are stable: browsers may match on them. */
    public enum Refusal {
        /** The Bayeux channel is not {@code /irc/<network>/<channel>} (wrong root, depth, or a wildcard). */
        NOT_AN_IRC_CHANNEL("irc_not_irc_channel"),
        /** It is for another network (another {@code [plugin:irc.NAME]} instance may serve it). */
        OTHER_NETWORK("irc_other_network"),
        /** The segment is not a canonical escape ({@code BridgeChannelNames}). */
        BAD_ESCAPE("irc_bad_escape"),
        /** The channel name is not in folded (lower) case: there is exactly one Bayeux name per IRC channel. */
        NOT_CANONICAL("irc_not_canonical"),
        /** Not a valid IRC channel name (prefix, length, space, comma, BELL or a control). */
        INVALID_NAME("irc_invalid_channel_name"),
        /** Valid, but not in the {@code channels} allowlist. */
        NOT_ALLOWED("irc_channel_not_allowed");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Refusal refusal;

    ChannelRefusedException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
