package org.orbited.bridge.xmpp;

import java.util.Objects;
import org.jivesoftware.smack.packet.StanzaError;

/**
 * A room's or server's refusal of something a connection asked ({@code <error/>} on a presence, message or IQ),
 * as a stable code for browsers; the sibling of IRC's {@code IrcRefusal}. The same condition means different
 * things depending on what was refused, hence {@link What}. Immutable.
 */
public record XmppRefusal(String code, String condition, String message) {
    /** What the refused stanza was. */
    public enum What { JOIN, MESSAGE, SUBJECT, OTHER }

    public static final String NICK_TAKEN = "xmpp_nick_taken";
    public static final String BAD_NICK = "xmpp_bad_nick";
    public static final String BANNED = "xmpp_banned";
    public static final String CANNOT_SEND = "xmpp_cannot_send";
    public static final String MEMBERS_ONLY = "xmpp_members_only";
    public static final String ROOM_PASSWORD = "xmpp_room_password";
    public static final String ROOM_FULL = "xmpp_room_full";
    public static final String NO_SUCH_ROOM = "xmpp_no_such_room";
    public static final String NOT_JOINED = "xmpp_not_joined";
    public static final String NOT_MODERATOR = "xmpp_not_channel_operator";
    public static final String TOO_LONG = "xmpp_text_too_long";
    public static final String REFUSED = "xmpp_refused";

    public XmppRefusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(message, "message");
    }

    /** The refusal of a {@code what} stanza with {@code error} (null: an error without a condition). */
    public static XmppRefusal of(StanzaError error, What what) {
        if (error == null) {
            return new XmppRefusal(REFUSED, "undefined-condition", "refused by the server");
        }
        String condition = error.getCondition().toString();
        String text = error.getConditionText();
        String said = text == null || text.isBlank() ? "" : ": " + XmppText.clean(text).text();
        String code = switch (error.getCondition()) {
            case conflict -> what == What.JOIN ? NICK_TAKEN : REFUSED;
            case jid_malformed -> BAD_NICK;
            case not_acceptable -> what == What.JOIN ? BAD_NICK : NOT_JOINED;
            case forbidden -> what == What.JOIN ? BANNED : what == What.SUBJECT ? NOT_MODERATOR : CANNOT_SEND;
            case registration_required -> MEMBERS_ONLY;
            case not_authorized -> what == What.JOIN ? ROOM_PASSWORD : CANNOT_SEND;
            case service_unavailable -> what == What.JOIN ? ROOM_FULL : CANNOT_SEND;
            case item_not_found, not_allowed, gone -> what == What.JOIN ? NO_SUCH_ROOM : NOT_JOINED;
            case policy_violation, resource_constraint -> what == What.JOIN ? REFUSED : TOO_LONG.equals(code(error))
                    ? TOO_LONG : CANNOT_SEND;
            default -> REFUSED;
        };
        return new XmppRefusal(code, condition, describe(code, what) + " (" + condition + said + ")");
    }

    /** Whether this refusal ends a join attempt for good until something changes (not worth retrying soon). */
    public boolean refusesJoin() {
        return !code.equals(REFUSED);
    }

    private static String code(StanzaError error) {
        return error.getConditionText() != null && error.getConditionText().toLowerCase(java.util.Locale.ROOT)
                .contains("too big") ? TOO_LONG : null;
    }

    private static String describe(String code, What what) {
        return switch (code) {
            case NICK_TAKEN -> "the nick is taken in the room";
            case BAD_NICK -> "the room does not accept the nick";
            case BANNED -> "banned from the room";
            case MEMBERS_ONLY -> "the room is members-only";
            case ROOM_PASSWORD -> "the room needs a password";
            case ROOM_FULL -> "the room is full";
            case NO_SUCH_ROOM -> "no such room, and it may not be created";
            case NOT_JOINED -> "not in the room";
            case NOT_MODERATOR -> "only moderators may change the subject";
            case CANNOT_SEND -> "the room refused the message";
            case TOO_LONG -> "the message is too long for the room";
            default -> "the " + what.name().toLowerCase(java.util.Locale.ROOT) + " was refused";
        };
    }
}
