package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.BridgeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Smack side of one {@link VisitorSession}: its {@link XMPPTCPConnection} (made by {@link XmppConfigs}, a fresh
 * one per attempt) and one {@link MultiUserChat} per room (strong references: Smack's manager keeps them weakly).
 * Every method except {@link #end} and {@link #drainCollectors} runs on the session's serial queue, one at a time,
 * and may block (connect, login, join, leave: up to {@code reply.timeout} each). Results and Smack's callbacks go to
 * {@link Events} with the connection's generation, so the session can drop what belongs to an older connection;
 * the callbacks only build an immutable event and pass it on.
 *
 * <p><b>Smack 4.4.8 traps handled here</b> (notes/xmpp-smack.md): no {@code changeNickname} (a nick change is a
 * leave and a join per room); a leave is followed by a ping before any re-join ({@link #leaveAndSettle}); the
 * message collectors each joined room keeps are drained ({@link #drainCollectors}); PMs are read with a stanza
 * listener, since MultiUserChat does not deliver them.
 */
final class VisitorConnection {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorConnection.class);
    /** XMPP ping interval of a visitor's connection, to find a silent link (Smack's default is 30 min). */
    static final int PING_SECONDS = 120;

    /** An account's credentials: in memory for the session's reconnects only, never printed. */
    record Account(String user, String password) {
        @Override
        public String toString() {
            return "Account[user and password hidden]";
        }
    }

    /**
     * What happened, for the session to take over on the plugin thread. Called on the serial queue or on Smack's
     * threads; implementations hand over and never block.
     */
    interface Events {
        void authenticated(int gen);

        void connectFailed(int gen, Exception failure);

        void lost(int gen, Exception failure);

        void joined(int gen, String room, String nick);

        /** The join did not happen ({@code refusal} null: the connection was gone). */
        void joinRefused(int gen, String room, String nick, XmppRefusal refusal);

        void nickChanged(int gen, String old, String nick, List<String> rooms);

        /** {@code room} refused {@code nick}; {@code lost}: rooms the session could not rejoin under the old nick. */
        void nickRefused(int gen, String nick, String room, XmppRefusal refusal, List<String> lost);

        /** Out of {@code room} (kick, ban, room destroyed), with the event for the browser. */
        void removed(int gen, String room, ObjectNode event);

        /** An event for the browser alone on {@code channel} (a private message, an error). */
        void incoming(int gen, String channel, ObjectNode event);

        /** {@link #close} is done. */
        void closed();
    }

    private final String clientId;
    private final Account account;  // null: anonymous
    private final XmppOptions options;
    private final RoomMapping mapping;
    private final Supplier<Instant> now;
    private final String eventsChannel;
    private final Events events;

    private volatile boolean ended;
    private XMPPTCPConnection connection;
    private int generation;
    private final OutgoingLines echoes;
    private final Map<String, MultiUserChat> mucs = new ConcurrentHashMap<>();
    private final Map<String, String> joinedAs = new ConcurrentHashMap<>();  // room -> nick, read by listeners
    /** Ids of the last subject changes sent, so their refusals read as such (guarded by itself). */
    private final java.util.Set<String> subjectIds = new java.util.LinkedHashSet<>();
    private static final int MAX_SUBJECT_IDS = 16;

    VisitorConnection(String clientId, Account account, XmppOptions options, Supplier<Instant> now,
                      String eventsChannel, Events events, OutgoingLines echoes) {
        this.echoes = echoes;
        this.clientId = clientId;
        this.account = account;
        this.options = options;
        this.mapping = options.mapping();
        this.now = now;
        this.eventsChannel = eventsChannel;
        this.events = events;
    }

    boolean isAnonymous() {
        return account == null;
    }

    /** No new connection after this (any thread); {@link #close} still closes the current one. */
    void end() {
        ended = true;
    }

    /** A fresh connection (the previous one closed first), logged in; generation {@code gen}. */
    void connect(int gen) {
        if (ended) {
            return;
        }
        close(null, false);
        XMPPTCPConnection c = null;
        try {
            XMPPTCPConnectionConfiguration config = account == null ? XmppConfigs.anonymous(options)
                    : XmppConfigs.account(options, account.user(), account.password());
            c = XmppConfigs.newConnection(config, options);
            c.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    events.lost(gen, e);
                }
            });
            c.addSyncStanzaListener(s -> onPrivate(gen, (Message) s),
                    new AndFilter(MessageTypeFilter.CHAT, fromOurService()));
            c.addSyncStanzaListener(s -> onError(gen, (Message) s),
                    new AndFilter(MessageTypeFilter.ERROR, fromOurService()));
            PingManager ping = PingManager.getInstanceFor(c);
            ping.setPingInterval(PING_SECONDS);
            XMPPTCPConnection pinged = c;
            ping.registerPingFailedListener(() -> {
                pinged.instantShutdown();  // Smack does not close a connection whose pings fail
                events.lost(gen, new java.io.IOException("the server stopped answering pings"));
            });
            connection = c;
            generation = gen;
            c.connect().login();
            events.authenticated(gen);
        } catch (Exception e) {
            if (c != null) {
                c.disconnect();
            }
            connection = null;
            events.connectFailed(gen, e);
        }
    }

    /** Joins {@code room} as {@code nick} without history, with the visitor's presence ({@code show}, status). */
    void join(int gen, String room, String nick, Presence.Mode show, String status) {
        XMPPTCPConnection c = live(gen);
        if (c == null) {
            events.joinRefused(gen, room, nick, null);
            return;
        }
        try {
            enter(muc(c, gen, room), nick, show, status);
            joinedAs.put(room, nick);
            events.joined(gen, room, nick);
        } catch (XMPPException.XMPPErrorException e) {
            events.joinRefused(gen, room, nick, XmppRefusal.of(e.getStanzaError(), XmppRefusal.What.JOIN));
        } catch (Exception e) {
            events.joinRefused(gen, room, nick, new XmppRefusal(XmppRefusal.NOT_JOINED, "remote-server-timeout",
                    "could not join " + room + ": " + e.getClass().getSimpleName()));
        }
    }

    /** Leaves {@code room} if in it. */
    void leave(String room) {
        MultiUserChat m = mucs.get(room);
        XMPPTCPConnection c = connection;
        if (m != null && c != null && !ended) {
            leaveAndSettle(c, m, room);
        }
    }

    /**
     * Sends {@code m}; a failure is an {@code xmpp_not_sent} error event on {@code reportTo}.
     *
     * @return whether the stanza left (false: the browser was told)
     */
    boolean send(int gen, String room, String reportTo, Message m) {
        XMPPTCPConnection c = live(gen);
        try {
            if (c == null) {
                throw new IllegalStateException("not connected");
            }
            c.sendStanza(m);
            return true;
        } catch (Exception e) {
            ObjectNode err = BridgeEvent.error("xmpp_not_sent", "not sent to XMPP: " + e.getMessage(), now.get());
            err.put("channel", room);
            events.incoming(gen, reportTo, err);
            return false;
        }
    }

    /** Sends a subject change; a refusal of it is read as one ({@link XmppRefusal.What#SUBJECT}). */
    void sendSubject(int gen, String room, String reportTo, Message m) {
        synchronized (subjectIds) {
            if (subjectIds.size() >= MAX_SUBJECT_IDS) {
                subjectIds.remove(subjectIds.iterator().next());
            }
            subjectIds.add(m.getStanzaId());
        }
        send(gen, room, reportTo, m);
    }

    /** Sends the visitor's presence to every joined room. */
    void presence(int gen, Presence.Mode show, String status) {
        if (live(gen) == null) {
            return;
        }
        for (MultiUserChat m : mucs.values()) {
            try {
                if (m.isJoined()) {
                    m.changeAvailabilityStatus(status, show);
                }
            } catch (Exception e) {
                LOG.debug("visitor {}: presence failed: {}", clientId, e.toString());
            }
        }
    }

    /**
     * Renames the visitor in {@code rooms} by a leave and a join in each, one after the other; when a room refuses
     * the new nick, every room already renamed (and that one) goes back to {@code old}.
     */
    void changeNick(int gen, String old, String nick, List<String> rooms, Presence.Mode show, String status) {
        XMPPTCPConnection c = live(gen);
        if (c == null) {
            events.nickRefused(gen, nick, null, null, List.of());
            return;
        }
        List<String> moved = new ArrayList<>();
        for (String room : rooms) {
            MultiUserChat m = muc(c, gen, room);
            if (!m.isJoined()) {
                continue;  // its join failed or it was left: nothing to rename there
            }
            leaveAndSettle(c, m, room);
            XmppRefusal refusal = null;
            try {
                enter(m, nick, show, status);
                joinedAs.put(room, nick);
                moved.add(room);
            } catch (XMPPException.XMPPErrorException e) {
                refusal = XmppRefusal.of(e.getStanzaError(), XmppRefusal.What.JOIN);
            } catch (Exception e) {
                refusal = new XmppRefusal(XmppRefusal.NOT_JOINED, "remote-server-timeout",
                        "could not join " + room + " as " + nick + ": " + e.getClass().getSimpleName());
            }
            if (refusal != null) {
                List<String> lost = new ArrayList<>();
                List<String> back = new ArrayList<>(moved);
                back.add(room);
                for (String r : back) {  // the old nick everywhere again
                    MultiUserChat b = muc(c, gen, r);
                    try {
                        leaveAndSettle(c, b, r);
                        enter(b, old, show, status);
                        joinedAs.put(r, old);
                    } catch (Exception e) {
                        lost.add(r);
                    }
                }
                events.nickRefused(gen, nick, room, refusal, lost);
                return;
            }
        }
        events.nickChanged(gen, old, nick, moved);
    }

    /** Closes the connection: the rooms see the visitor leave, with {@code reason} as status when not null. */
    void close(String reason) {
        close(reason, true);
    }

    private void close(String reason, boolean report) {
        XMPPTCPConnection c = connection;
        connection = null;
        mucs.clear();
        joinedAs.clear();
        if (c != null) {
            try {
                if (reason != null && c.isConnected()) {
                    c.disconnect(c.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable)
                            .setStatus(reason).build());
                } else {
                    c.disconnect();
                }
            } catch (Exception e) {
                c.instantShutdown();
            }
        }
        if (report) {
            events.closed();
        }
    }

    /** Empties the message collectors Smack keeps per joined room (we use no room message listener). Any thread. */
    void drainCollectors() {
        for (MultiUserChat muc : mucs.values()) {
            try {
                while (muc.pollMessage() != null) {
                    // dropped: the bridge's occupant publishes room traffic
                }
            } catch (Exception notJoined) {
                // nothing to drain
            }
        }
    }

    private XMPPTCPConnection live(int gen) {
        XMPPTCPConnection c = connection;
        return !ended && c != null && generation == gen && c.isAuthenticated() ? c : null;
    }

    private void enter(MultiUserChat m, String nick, Presence.Mode show, String status) throws Exception {
        var enter = m.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory()
                .timeoutAfter(options.replyTimeout().toMillis());
        if (show != null || status != null) {
            enter.withPresence(p -> {
                if (show != null) {
                    p.setMode(show);
                }
                if (status != null) {
                    p.setStatus(status);
                }
            });
        }
        m.join(enter.build());
    }

    /**
     * Leaves and waits until Smack has finished with the leave. {@code leave()} returns when the room's reflection
     * reaches its collector, but the MUC object's own presence listener handles the same stanza afterwards and then
     * removes the object's connection callbacks ({@code userHasLeft}): a join started before that ran loses them
     * and waits for ever or times out (seen with an immediate re-join under another nick). Smack's reader thread
     * waits for such listeners before it reads the next stanza, so the reply to a ping sent after the leave is read
     * only when that listener is done: the ping is the barrier.
     */
    private void leaveAndSettle(XMPPTCPConnection c, MultiUserChat m, String room) {
        try {
            if (m.isJoined()) {
                m.leave();
            }
        } catch (Exception e) {
            LOG.debug("visitor {}: leaving {} failed: {}", clientId, room, e.toString());
        }
        joinedAs.remove(room);
        try {
            PingManager.getInstanceFor(c).pingMyServer(false);
        } catch (Exception e) {
            LOG.debug("visitor {}: ping after leaving {}: {}", clientId, room, e.toString());
        }
    }

    private MultiUserChat muc(XMPPTCPConnection c, int gen, String room) {
        return mucs.computeIfAbsent(room, r -> {
            MultiUserChat m = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(mapping.roomJid(r));
            m.addUserStatusListener(new UserStatusListener() {
                @Override
                public void kicked(Jid actor, String reason) {
                    events.removed(gen, room, BridgeEvent.kick(room, actorName(actor), joinedAs.get(room),
                            clean(reason), now.get()).toJson());
                }

                @Override
                public void banned(Jid actor, String reason) {
                    events.removed(gen, room, BridgeEvent.kick(room, actorName(actor), joinedAs.get(room),
                            clean(reason), now.get()).withCode(XmppRefusal.BANNED).toJson());
                }

                @Override
                public void roomDestroyed(MultiUserChat alternate, String reason) {
                    ObjectNode e = BridgeEvent.error("xmpp_room_destroyed", "the room was destroyed"
                            + (reason == null ? "" : ": " + clean(reason)), now.get());
                    e.put("channel", room);
                    events.removed(gen, room, e);
                }
            });
            return m;
        });
    }

    private StanzaFilter fromOurService() {
        String muc = mapping.muc();
        return s -> s.getFrom() != null && s.getFrom().getDomain().toString().equals(muc)
                && s.getFrom().getLocalpartOrNull() != null;
    }

    // ---- Smack callbacks (Smack's executor): build the event, pass it on ----

    /** A private message ({@code type=chat} from {@code room/nick}): to the browser's events channel. */
    private void onPrivate(int gen, Message m) {
        if (m.getBody() == null || m.getFrom().getResourceOrNull() == null) {
            return;  // chat states, receipts, or from the room itself
        }
        String room = m.getFrom().getLocalpartOrNull().toString();
        String from = m.getFrom().getResourceOrNull().toString();
        String body = m.getBody();
        boolean action = body.startsWith("/me ");
        XmppText.Cleaned text = XmppText.clean(action ? body.substring(4) : body);
        BridgeEvent e = BridgeEvent.of(action ? BridgeEvent.Type.ACTION : BridgeEvent.Type.MESSAGE, room, from,
                text.text(), now.get());
        events.incoming(gen, eventsChannel, (text.truncated() ? e.asTruncated() : e).toJson());
    }

    /**
     * An error for something this session sent: from {@code room/nick}, a private message (to the events channel;
     * {@code item-not-found}: no such nick); from the room itself, a line the room refused (to the room's channel,
     * where the say service's other refusals of a line go).
     */
    private void onError(int gen, Message m) {
        String room = m.getFrom().getLocalpartOrNull().toString();
        Resourcepart to = m.getFrom().getResourceOrNull();
        boolean subject;
        synchronized (subjectIds) {
            subject = m.getStanzaId() != null && subjectIds.remove(m.getStanzaId());
        }
        XmppRefusal r = XmppRefusal.of(m.getError(), subject ? XmppRefusal.What.SUBJECT : XmppRefusal.What.MESSAGE);
        ObjectNode o;
        String channel;
        if (to != null) {
            boolean noSuchNick = m.getError() != null
                    && m.getError().getCondition() == StanzaError.Condition.item_not_found;
            o = noSuchNick ? BridgeEvent.error("xmpp_no_such_nick", "no one is called " + to + " in " + room,
                    now.get()) : BridgeEvent.error(r.code(), "private message to " + to + " not delivered: "
                    + r.message(), now.get());
            channel = eventsChannel;
        } else {
            o = BridgeEvent.error(r.code(), "not delivered: " + r.message(), now.get());
            channel = mapping.toBayeux(room).name();
            echoes.withdraw(room, m.getStanzaId());  // told now: no xmpp_not_confirmed for it in 30 s
        }
        o.put("channel", room);
        events.incoming(gen, channel, o);
    }

    private static String actorName(Jid actor) {
        if (actor == null) {
            return null;
        }
        return actor.getResourceOrNull() != null ? actor.getResourceOrNull().toString() : actor.toString();
    }

    private static String clean(String text) {
        return text == null || text.isEmpty() ? null : XmppText.clean(text).text();
    }
}
