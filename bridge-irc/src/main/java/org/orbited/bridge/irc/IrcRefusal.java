package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.orbited.bridge.common.BridgeEvent;

/**
 * A registered connection's command refused by the server, as the error a browser gets (docs/irc.md "Server
 * refusals"): the numeric, a stable {@link #code}, the {@link #target} it concerns (a channel or nick, or null) and
 * the server's own text. Only the numerics in {@link #CODES} are refusals; 433 (nick in use) has its own path
 * ({@code irc_nick_taken} with a suggestion). Immutable.
 */
record IrcRefusal(int numeric, String code, String target, String message) {
    /** Refusal numerics and their codes. */
    static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(401, "irc_no_such_nick"),
            Map.entry(403, "irc_no_such_channel"),
            Map.entry(404, "irc_cannot_send"),
            Map.entry(405, "irc_too_many_channels"),
            Map.entry(432, "irc_bad_nick"),
            Map.entry(437, "irc_nick_unavailable"),
            Map.entry(442, "irc_not_on_channel"),
            Map.entry(471, "irc_channel_full"),
            Map.entry(473, "irc_invite_only"),
            Map.entry(474, "irc_banned"),
            Map.entry(475, "irc_bad_channel_key"),
            Map.entry(477, "irc_join_refused"),
            Map.entry(482, "irc_not_channel_operator"),
            Map.entry(489, "irc_join_refused"));

    private static final java.util.Set<Integer> JOIN = java.util.Set.of(405, 471, 473, 474, 475, 477, 489);

    /**
     * The refusal a numeric reply means, or null when it is not one.
     *
     * @param params the reply's parameters after the numeric: our nick, then usually the target, then the text
     */
    static IrcRefusal of(int numeric, List<String> params) {
        String code = CODES.get(numeric);
        if (code == null) {
            return null;
        }
        String target = params.size() >= 3 ? params.get(1) : null;
        String text = params.isEmpty() ? "" : params.get(params.size() - 1);
        return new IrcRefusal(numeric, code, target, IrcText.stripFormatting(text));
    }

    /** True when the server refused a JOIN (full, invite only, banned, bad key, too many channels, ...). */
    boolean isJoinRefusal() {
        return JOIN.contains(numeric);
    }

    /**
     * True when this can be the server refusing a JOIN of {@link #target}: a {@link #isJoinRefusal} numeric, or 403
     * (no such channel, also the answer to other commands: the caller knows whether it asked to join).
     */
    boolean refusesJoin() {
        return (isJoinRefusal() || numeric == 403) && aboutChannel();
    }

    /** True when {@link #target} is a channel name. */
    boolean aboutChannel() {
        return isChannelName(target);
    }

    /** True when {@code name} starts with a channel prefix ({@code # & + !}). */
    static boolean isChannelName(String name) {
        return name != null && !name.isEmpty() && "#&+!".indexOf(name.charAt(0)) >= 0;
    }

    /**
     * {@code {"type":"error","code":"irc_banned","message":"...","channel":"#x","numeric":474,"time":...}}
     * ({@code channel} for a channel target, {@code target} for a nick).
     */
    ObjectNode toJson(Instant time) {
        ObjectNode o = BridgeEvent.error(code, message, time);
        if (target != null) {
            o.put(aboutChannel() ? "channel" : "target", target);
        }
        o.put("numeric", numeric);
        return o;
    }
}
