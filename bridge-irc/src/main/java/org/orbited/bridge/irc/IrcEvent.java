package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One IRC event as the JSON object the bridge publishes to Bayeux:
 * <pre>{"type":"message","channel":"#help","sender":"alice","text":"hi","time":"2026-01-02T03:04:05.678Z"}</pre>
 * {@code type} is one of {@link Type}'s wire names. Optional fields are left out when null: {@code channel}
 * (absent for quit, nick and private events), {@code sender}, {@code text} (already {@link IrcText#stripFormatting
 * stripped}: the caller strips; the reason of a part, kick or quit), {@code nick} (the new nick of a {@code nick}
 * event, the kicked nick of a {@code kick}), {@code web}/{@code relay} (true for what a visitor said through the
 * bridge's {@code say} service, see {@link Speaker}: browsers cannot publish on IRC channels, so only the bridge
 * sets them), {@code names} (the members of
 * a {@code names} event, with their mode prefixes such as {@code @}), {@code status} (for {@code status}: e.g.
 * {@code connected}, {@code disconnected}, {@code reconnecting}). {@code time} is always present: ISO-8601 UTC with
 * milliseconds, from the IRCv3 {@code server-time} tag when the server sent one, else the bridge's clock
 * ({@link #timeOf}). Immutable.
 */
public record IrcEvent(Type type, String channel, String sender, String text, Instant time, String nick,
                       List<String> names, String status, Speaker speaker) {

    /**
     * Who produced a {@code message} or {@code action}: someone on IRC (no extra field), a visitor speaking through
     * the {@code say} service as its own nick ({@code "web":true}), or a visitor relayed by the bridge
     * ({@code "web":true,"relay":true}; {@code sender} is then the name IRC users see inside the relayed line).
     */
    public enum Speaker { IRC, WEB, WEB_RELAY }

    /** The event types; {@link #wireName()} is the JSON {@code type}. */
    public enum Type {
        MESSAGE, ACTION, NOTICE, JOIN, PART, KICK, QUIT, NICK, TOPIC, NAMES, STATUS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public IrcEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        names = names == null ? null : List.copyOf(names);
        speaker = speaker == null ? Speaker.IRC : speaker;
    }

    /** A message, action, notice, join, part, quit or topic event. */
    public static IrcEvent of(Type type, String channel, String sender, String text, Instant time) {
        return new IrcEvent(type, channel, sender, text, time, null, null, null, null);
    }

    /**
     * What a visitor said through the {@code say} service, as the bridge publishes it once to every subscriber
     * (the speaker included): {@code type} {@code message} or {@code action}, {@code sender} the nick IRC users see.
     */
    public static IrcEvent fromWeb(boolean action, String channel, String sender, String text, Instant time,
                                   boolean relayed) {
        return new IrcEvent(action ? Type.ACTION : Type.MESSAGE, channel, sender, text, time, null, null, null,
                relayed ? Speaker.WEB_RELAY : Speaker.WEB);
    }

    /** {@code sender} (an operator) kicked {@code victim} out of {@code channel}, with a reason or null. */
    public static IrcEvent kick(String channel, String sender, String victim, String reason, Instant time) {
        return new IrcEvent(Type.KICK, channel, sender, reason, time, victim, null, null, null);
    }

    /** {@code sender} is now known as {@code newNick}. */
    public static IrcEvent nickChange(String oldNick, String newNick, Instant time) {
        return new IrcEvent(Type.NICK, null, oldNick, null, time, newNick, null, null, null);
    }

    /** The member list of {@code channel}. */
    public static IrcEvent names(String channel, List<String> names, Instant time) {
        return new IrcEvent(Type.NAMES, channel, null, null, time, null, names, null, null);
    }

    /** A bridge status change, e.g. {@code reconnecting}, with an optional human-readable {@code text}. */
    public static IrcEvent status(String channel, String status, String text, Instant time) {
        return new IrcEvent(Type.STATUS, channel, null, text, time, null, null, Objects.requireNonNull(status), null);
    }

    /**
     * The event's time: the IRCv3 {@code server-time} tag ({@code time=2026-01-02T03:04:05.678Z}) when present and
     * parsable, else {@code clock.instant()}. A malformed tag falls back to the clock rather than dropping the event.
     */
    public static Instant timeOf(Map<String, String> tags, Clock clock) {
        String tag = tags == null ? null : tags.get("time");
        if (tag != null) {
            try {
                return Instant.parse(tag);
            } catch (DateTimeParseException malformed) {
                // fall through to the local clock
            }
        }
        return clock.instant();
    }

    /** The JSON object for Bayeux {@code data}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type.wireName());
        putIfPresent(o, "channel", channel);
        putIfPresent(o, "sender", sender);
        putIfPresent(o, "text", text);
        putIfPresent(o, "nick", nick);
        putIfPresent(o, "status", status);
        if (names != null) {
            ArrayNode array = o.putArray("names");
            names.forEach(array::add);
        }
        if (speaker != Speaker.IRC) {
            o.put("web", true);
        }
        if (speaker == Speaker.WEB_RELAY) {
            o.put("relay", true);
        }
        o.put("time", formatTime(time));
        return o;
    }

    /** ISO-8601 UTC with exactly three fraction digits. */
    static String formatTime(Instant time) {
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
