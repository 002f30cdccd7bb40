package org.orbited.bridge.irc;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.orbited.bridge.common.BridgeEvent;
import org.pircbotx.Channel;
import org.pircbotx.User;
import org.pircbotx.UserLevel;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.events.ActionEvent;
import org.pircbotx.hooks.events.JoinEvent;
import org.pircbotx.hooks.events.KickEvent;
import org.pircbotx.hooks.events.MessageEvent;
import org.pircbotx.hooks.events.NickChangeEvent;
import org.pircbotx.hooks.events.NoticeEvent;
import org.pircbotx.hooks.events.PartEvent;
import org.pircbotx.hooks.events.QuitEvent;
import org.pircbotx.hooks.events.TopicEvent;
import org.pircbotx.hooks.events.UserListEvent;
import org.pircbotx.hooks.types.GenericChannelModeRecipientEvent;
import org.pircbotx.snapshot.ChannelSnapshot;

/**
 * Turns a PircBotX channel event into an immutable {@link Delivery}: the IRC channels it belongs to and the
 * {@link BridgeEvent} to publish there. Called on the connection's reader thread, inline (the PircBotX DAO objects are
 * mutable and must not cross threads, so everything is copied here). Never blocks, never sends.
 *
 * <p>Text from IRC (messages, reasons, topics) and nicks go through {@link IrcText#stripFormatting} (mIRC codes,
 * controls, bidi overrides and other invisible characters removed); PircBotX has already decoded the line as UTF-8
 * (invalid bytes became U+FFFD). Time: the IRCv3 {@code server-time} tag where PircBotX exposes tags (messages only),
 * else the moment PircBotX parsed the line. {@code nick} and {@code quit} concern every channel the user shares with
 * the bridge; the rest one channel. Events that do not concern a channel (private messages, server notices) give
 * null.
 */
final class IrcEventTranslator {
    /** Where an event goes (IRC channel names as the server spelled them) and what it is. */
    record Delivery(List<String> channels, BridgeEvent event) {
    }

    private IrcEventTranslator() {
    }

    /**
     * The event's time: the IRCv3 {@code server-time} tag ({@code time=2026-01-02T03:04:05.678Z}) when present and
     * parsable, else {@code clock.instant()}. A malformed tag falls back to the clock rather than dropping the event.
     */
    static Instant timeOf(Map<String, String> tags, Clock clock) {
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

    static Delivery translate(Event e) {
        Instant time = Instant.ofEpochMilli(e.getTimestamp());
        if (e instanceof MessageEvent m) {
            Map<String, String> tags = m.getTags();
            Instant at = IrcEventTranslator.timeOf(tags, java.time.Clock.fixed(time, java.time.ZoneOffset.UTC));
            return one(m.getChannel().getName(), BridgeEvent.of(BridgeEvent.Type.MESSAGE, m.getChannel().getName(),
                    name(m.getUser().getNick()), clean(m.getMessage()), at));
        }
        if (e instanceof ActionEvent a) {
            return a.getChannel() == null ? null : one(a.getChannel().getName(), BridgeEvent.of(BridgeEvent.Type.ACTION,
                    a.getChannel().getName(), name(a.getUser().getNick()), clean(a.getAction()), time));
        }
        if (e instanceof NoticeEvent n) {
            return n.getChannel() == null ? null : one(n.getChannel().getName(), BridgeEvent.of(BridgeEvent.Type.NOTICE,
                    n.getChannel().getName(), name(n.getUserHostmask().getNick()), clean(n.getNotice()), time));
        }
        if (e instanceof JoinEvent j) {
            return one(j.getChannel().getName(), BridgeEvent.of(BridgeEvent.Type.JOIN, j.getChannel().getName(),
                    name(j.getUserHostmask().getNick()), null, time));
        }
        if (e instanceof PartEvent p) {
            ChannelSnapshot c = p.getChannel();
            return c == null ? null : one(c.getName(), BridgeEvent.of(BridgeEvent.Type.PART, c.getName(),
                    name(p.getUserHostmask().getNick()), cleanOrNull(p.getReason()), time));
        }
        if (e instanceof KickEvent k) {
            String op = k.getUserHostmask() == null ? null : name(k.getUserHostmask().getNick());
            return one(k.getChannel().getName(), BridgeEvent.kick(k.getChannel().getName(), op,
                    name(k.getRecipientHostmask().getNick()), cleanOrNull(k.getReason()), time));
        }
        if (e instanceof QuitEvent q) {
            List<String> channels = new ArrayList<>();
            if (q.getUser() != null && q.getUserChannelDaoSnapshot() != null) {
                q.getUserChannelDaoSnapshot().getChannels(q.getUser()).forEach(c -> channels.add(c.getName()));
            }
            return new Delivery(channels, BridgeEvent.of(BridgeEvent.Type.QUIT, null,
                    name(q.getUserHostmask().getNick()), cleanOrNull(q.getReason()), time));
        }
        if (e instanceof NickChangeEvent n) {
            List<String> channels = new ArrayList<>();
            n.getUser().getChannels().forEach(c -> channels.add(c.getName()));
            return new Delivery(channels, BridgeEvent.nickChange(name(n.getOldNick()), name(n.getNewNick()), time));
        }
        if (e instanceof TopicEvent t) {
            String setter = t.getUser() == null ? null : name(t.getUser().getNick());
            return one(t.getChannel().getName(), BridgeEvent.of(BridgeEvent.Type.TOPIC, t.getChannel().getName(),
                    setter, clean(t.getTopic()), time));
        }
        if (e instanceof UserListEvent u) {
            return names(u.getChannel(), u.getUsers(), u.getBot().getNick(), time);
        }
        if (e instanceof GenericChannelModeRecipientEvent m && m.getChannel() != null) {
            // +o/-o, +v, +h, +a, +q on a member: PircBotX updated the channel's levels before this event; the whole
            // list again, so pages see who is a helper now (a ChanServ op after the JOIN, say)
            Channel c = m.getChannel();
            return names(c, c.getUsers(), m.getBot().getNick(), time);
        }
        return null;
    }

    /** The {@code names} event of {@code c}: its members with their highest prefix, and the connection's nick. */
    private static Delivery names(Channel c, Iterable<User> users, String self, Instant time) {
        List<String> names = new ArrayList<>();
        for (User user : users) {
            names.add(prefix(user, c) + name(user.getNick()));
        }
        return one(c.getName(), BridgeEvent.names(c.getName(), names, name(self), time));
    }

    /** The highest mode prefix ({@code ~ & @ % +}) a member has, or "". */
    private static String prefix(User user, Channel channel) {
        var levels = user.getUserLevels(channel);
        for (UserLevel level : List.of(UserLevel.OWNER, UserLevel.SUPEROP, UserLevel.OP, UserLevel.HALFOP,
                UserLevel.VOICE)) {
            if (levels.contains(level)) {
                return level.getSymbol();
            }
        }
        return "";
    }

    private static Delivery one(String channel, BridgeEvent event) {
        return new Delivery(List.of(channel), event);
    }

    private static String clean(String text) {
        return text == null ? "" : IrcText.stripFormatting(text);
    }

    /** A nick as browsers see it: formatting, controls and invisible characters removed (ASCII nicks are unchanged). */
    static String name(String nick) {
        return nick == null ? null : IrcText.stripFormatting(nick);
    }

    private static String cleanOrNull(String text) {
        return text == null || text.isEmpty() ? null : IrcText.stripFormatting(text);
    }
}
