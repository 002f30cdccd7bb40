package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One chat event (IRC channel, XMPP room) as the JSON object a bridge publishes to Bayeux; both bridges publish the
 * same shape (docs/irc.md "Events", docs/xmpp.md):
 * <pre>{"type":"message","channel":"#help","sender":"alice","text":"hi","time":"2026-01-02T03:04:05.678Z"}</pre>
 * {@code type} is one of {@link Type}'s wire names. Optional fields are left out when null (or false):
 * {@code channel} (absent for IRC's quit, nick and private events; the room's localpart on XMPP), {@code sender},
 * {@code text} (already cleaned by the bridge: IRC formatting stripped, invisible characters removed; the reason of
 * a part, kick or quit; the status text of a presence), {@code nick} (the new nick of a {@code nick} event, the
 * kicked nick of a {@code kick}), {@code status} (for {@code status}: e.g. {@code connected}, {@code disconnected},
 * {@code reconnecting}), {@code show} (for {@code presence}: {@code away}, {@code chat}, {@code dnd}, {@code xa};
 * absent when available), {@code occupant} (XMPP: the occupant's real or room JID when the bridge may show it),
 * {@code names} (the members of a {@code names} event, IRC with their mode prefixes such as {@code @}),
 * {@code self} (with {@code names}: the nick of the connection that saw the list, the bridge's own for what it
 * publishes, without prefix),
 * {@code web}/{@code relay} (true for what a visitor said through the bridge's {@code say} service, see
 * {@link Speaker}: browsers cannot publish on bridged channels, so only the bridge sets them), {@code history}
 * (true for an item of room history replayed by the server: {@code time} is then the server's stamp),
 * {@code truncated} (true when an incoming text over the bridge's limit was cut at a character boundary), and
 * {@code code} (a stable code, e.g. of a {@code disconnected} status; written after {@code time}, where IRC always
 * put it). {@code time} is always present: ISO-8601 UTC with milliseconds ({@link #formatTime}).
 *
 * <p>An {@code error} event, delivered to one client alone, has its own shape, {@link #error}:
 * {@code {"type":"error","code":...,"message":...,"time":...}}; an {@link Type#ERROR} record writes its {@code text}
 * as {@code message}, right after {@code code}. Immutable.
 */
public record BridgeEvent(Type type, String channel, String sender, String text, Instant time, String nick,
                          List<String> names, String self, String status, Speaker speaker, String show,
                          String occupant, String code, boolean history, boolean truncated) {

    /**
     * Who produced a {@code message} or {@code action}: someone on the chat network (no extra field), a visitor
     * speaking through the {@code say} service as its own nick ({@code "web":true}), or a visitor relayed by the
     * bridge ({@code "web":true,"relay":true}; {@code sender} is then the name chat users see inside the relayed
     * line).
     */
    public enum Speaker { NETWORK, WEB, WEB_RELAY }

    /** The event types; {@link #wireName()} is the JSON {@code type}. */
    public enum Type {
        MESSAGE, ACTION, NOTICE, JOIN, PART, KICK, QUIT, NICK, TOPIC, NAMES, STATUS, PRESENCE, ERROR;

        /** The JSON {@code type}: the lower-case name. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the required fields; {@code names} is copied; a null {@code speaker} is {@link Speaker#NETWORK}. */
    public BridgeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        names = names == null ? null : List.copyOf(names);
        speaker = speaker == null ? Speaker.NETWORK : speaker;
    }

    /** A message, action, notice, join, part, quit or topic event. */
    public static BridgeEvent of(Type type, String channel, String sender, String text, Instant time) {
        return new BridgeEvent(type, channel, sender, text, time, null, null, null, null, null, null, null, null, false,
                false);
    }

    /**
     * What a visitor said through the {@code say} service, as the bridge publishes it once to every subscriber
     * (the speaker included): {@code type} {@code message} or {@code action}, {@code sender} the nick chat users
     * see.
     */
    public static BridgeEvent fromWeb(boolean action, String channel, String sender, String text, Instant time,
                                      boolean relayed) {
        return new BridgeEvent(action ? Type.ACTION : Type.MESSAGE, channel, sender, text, time, null, null, null, null,
                relayed ? Speaker.WEB_RELAY : Speaker.WEB, null, null, null, false, false);
    }

    /** {@code sender} (an operator, a moderator) kicked {@code victim} out of {@code channel}, reason or null. */
    public static BridgeEvent kick(String channel, String sender, String victim, String reason, Instant time) {
        return new BridgeEvent(Type.KICK, channel, sender, reason, time, victim, null, null, null, null, null, null,
                null, false, false);
    }

    /** {@code sender} is now known as {@code newNick} (on XMPP in one room: {@code channel} is then set). */
    public static BridgeEvent nickChange(String oldNick, String newNick, Instant time) {
        return new BridgeEvent(Type.NICK, null, oldNick, null, time, newNick, null, null, null, null, null, null, null,
                false, false);
    }

    /** The member list of {@code channel}, without {@code self}. */
    public static BridgeEvent names(String channel, List<String> names, Instant time) {
        return names(channel, names, null, time);
    }

    /**
     * The member list of {@code channel} as the connection that saw it, whose own nick there is {@code self} (the
     * bridge's nick, or a visitor's for its own connection; null: left out), so a page can leave it out of "who is
     * here" and count helpers without it.
     */
    public static BridgeEvent names(String channel, List<String> names, String self, Instant time) {
        return new BridgeEvent(Type.NAMES, channel, null, null, time, null, names, self, null, null, null, null, null,
                false, false);
    }

    /** A bridge status change, e.g. {@code reconnecting}, with an optional human-readable {@code text}. */
    public static BridgeEvent status(String channel, String status, String text, Instant time) {
        return new BridgeEvent(Type.STATUS, channel, null, text, time, null, null, null, Objects.requireNonNull(status),
                null, null, null, null, false, false);
    }

    /**
     * {@code sender}'s presence in {@code channel} changed: {@code show} ({@code away}, {@code chat}, {@code dnd},
     * {@code xa}, or null when plainly available) and an optional status {@code text}.
     */
    public static BridgeEvent presence(String channel, String sender, String show, String text, Instant time) {
        return new BridgeEvent(Type.PRESENCE, channel, sender, text, time, null, null, null, null, null, show, null,
                null, false, false);
    }

    /**
     * The error event of something accepted that could not be done (a line not sent, a kick), delivered to one
     * client alone: exactly {@code {"type":"error","code":...,"message":...,"time":...}}; callers may add fields.
     */
    public static ObjectNode error(String code, String message, Instant time) {
        return new BridgeEvent(Type.ERROR, null, null, message, time, null, null, null, null, null, null, null,
                Objects.requireNonNull(code, "code"), false, false).toJson();
    }

    /** This event with {@code channel} (e.g. an XMPP nick change, which happens in one room). */
    public BridgeEvent withChannel(String newChannel) {
        return new BridgeEvent(type, newChannel, sender, text, time, nick, names, self, status, speaker, show, occupant,
                code, history, truncated);
    }

    /** This event with a stable {@code code} (e.g. why a link is {@code disconnected}). */
    public BridgeEvent withCode(String newCode) {
        return new BridgeEvent(type, channel, sender, text, time, nick, names, self, status, speaker, show, occupant,
                newCode, history, truncated);
    }

    /** This event with the occupant's JID shown. */
    public BridgeEvent withOccupant(String jid) {
        return new BridgeEvent(type, channel, sender, text, time, nick, names, self, status, speaker, show, jid, code,
                history, truncated);
    }

    /** This event marked as room history ({@code "history":true}); {@code time} should be the server's stamp. */
    public BridgeEvent asHistory() {
        return new BridgeEvent(type, channel, sender, text, time, nick, names, self, status, speaker, show, occupant,
                code, true, truncated);
    }

    /** This event marked as cut to the bridge's limit ({@code "truncated":true}). */
    public BridgeEvent asTruncated() {
        return new BridgeEvent(type, channel, sender, text, time, nick, names, self, status, speaker, show, occupant,
                code, history, true);
    }

    /** The JSON object for Bayeux {@code data}, fields in a fixed order (see the class comment). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type.wireName());
        if (type == Type.ERROR) {
            putIfPresent(o, "code", code);
            putIfPresent(o, "message", text);
        }
        putIfPresent(o, "channel", channel);
        putIfPresent(o, "sender", sender);
        if (type != Type.ERROR) {
            putIfPresent(o, "text", text);
        }
        putIfPresent(o, "nick", nick);
        putIfPresent(o, "status", status);
        putIfPresent(o, "show", show);
        putIfPresent(o, "occupant", occupant);
        if (names != null) {
            ArrayNode array = o.putArray("names");
            names.forEach(array::add);
        }
        putIfPresent(o, "self", self);
        if (speaker != Speaker.NETWORK) {
            o.put("web", true);
        }
        if (speaker == Speaker.WEB_RELAY) {
            o.put("relay", true);
        }
        if (history) {
            o.put("history", true);
        }
        if (truncated) {
            o.put("truncated", true);
        }
        o.put("time", formatTime(time));
        if (type != Type.ERROR) {
            putIfPresent(o, "code", code);
        }
        return o;
    }

    /** ISO-8601 UTC with exactly three fraction digits: {@code 2026-01-02T03:04:05.000Z}. */
    public static String formatTime(Instant time) {
        Instant millis = time.truncatedTo(ChronoUnit.MILLIS);
        String s = millis.toString();
        if (millis.getNano() == 0) {
            return s.substring(0, s.length() - 1) + ".000Z";
        }
        return s;
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
