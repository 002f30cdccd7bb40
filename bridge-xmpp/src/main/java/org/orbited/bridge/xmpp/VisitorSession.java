package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.ReconnectBackoff;
import org.orbited.bridge.common.Replies;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;
import org.orbited.plugin.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in browser's own XMPP session (docs/xmpp.md "Visitor sessions"): a Smack connection, SASL ANONYMOUS on
 * {@code anon.domain} or an account on {@code domain}, with one {@link MultiUserChat} per room its client is
 * subscribed to, joined under the visitor's nick with {@code requestNoHistory()} (the bridge's occupant reads the
 * rooms for every browser; this session only forwards what concerns its own browser: its join results, private
 * messages, errors, kicks and its nick changes, on {@code /service/xmpp/<muc>/events}).
 *
 * <p><b>Life.</b> {@code LOGGING_IN} until authenticated (the login request is answered {@code ok} after the joins
 * of the rooms subscribed at that moment, or at once without any; a nick conflict in one of them answers
 * {@code xmpp_nick_taken} with a suggestion and ends the session; a failed login ends it with the failure's code);
 * then {@code ACTIVE}. A lost connection gives {@code disconnected} (with a code) and {@code reconnecting} status
 * events and our own backoff ({@code reconnect.min}..{@code reconnect.max}, jitter); a new connection (an anonymous
 * one gets a new JID: the identity in rooms is the nick) rejoins the rooms and reports {@code connected}. No Smack
 * automatic reconnection. {@code ENDED} after {@link #quit}.
 *
 * <p><b>Threads.</b> Fields marked "plugin thread" are only touched there (service handlers and hand-overs).
 * Every blocking Smack call runs as a task on this session's {@link VisitorWork.Serial} queue (one at a time, in
 * order, on the bridge's small visitor pool); Smack's callbacks only build an immutable event and hand it to the
 * plugin thread. The account password is kept in memory for reconnects, never logged.
 */
final class VisitorSession {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    enum State { LOGGING_IN, ACTIVE, RECONNECTING, ENDED }

    /** An account's credentials: in memory for the session's reconnects only, never printed. */
    record Account(String user, String password) {
        @Override
        public String toString() {
            return "Account[user and password hidden]";
        }
    }

    final String clientId;
    private final VisitorSessions sessions;
    private final XmppOptions options;
    private final RoomMapping mapping;
    private final Executor pluginThread;
    private final VisitorWork.Serial work;
    private final Account account;  // null: anonymous
    private final ReconnectBackoff backoff;

    // ---- plugin thread ----
    private State state = State.LOGGING_IN;
    private volatile String nick;  // read by the say path and logs
    private ServiceRequest login;  // the login waiting for its answer, or null
    private final Set<String> joined = new LinkedHashSet<>();
    private final Set<String> joining = new HashSet<>();
    private final Set<String> awaitingLogin = new HashSet<>();
    private int generation;        // of the current connection attempt
    private int lostGeneration = -1;
    private boolean everAuthenticated;
    private boolean nickChanging;
    private volatile Presence.Mode show;   // the visitor's presence, applied on every (re)join
    private volatile String status;
    int endGeneration;             // bumped when the client ends (grace timer)

    // ---- the serial queue (and the collector drain, which only polls) ----
    private volatile boolean ended;
    private XMPPTCPConnection connection;
    private int connectionGeneration;
    private final Map<String, MultiUserChat> mucs = new ConcurrentHashMap<>();

    VisitorSession(String clientId, String nick, Account account, XmppOptions options, VisitorSessions sessions,
                   Executor pluginThread, VisitorWork.Serial work) {
        this.clientId = clientId;
        this.nick = nick;
        this.account = account;
        this.options = options;
        this.mapping = options.mapping();
        this.sessions = sessions;
        this.pluginThread = pluginThread;
        this.work = work;
        this.backoff = new ReconnectBackoff(options.reconnectMin(), options.reconnectMax());
    }

    String nick() {
        return nick;
    }

    State state() {
        return state;
    }

    boolean isAnonymous() {
        return account == null;
    }

    boolean isActive() {
        return state == State.ACTIVE;
    }

    boolean hasJoined(String room) {
        return joined.contains(room);
    }

    boolean isChangingNick() {
        return nickChanging;
    }

    // ---- plugin thread: what the services and the say path ask ----

    /** Starts logging in; {@code request} is answered when the login is done or failed. */
    void start(ServiceRequest request) {
        this.login = request;
        int gen = ++generation;
        if (!work.force(() -> connect(gen))) {
            quit("bridge stopping", "xmpp_not_connected", "the bridge is stopping", null);
        }
    }

    /** Joins {@code room} (subscribed to now) when active and not in it yet. */
    void join(String room) {
        if (state != State.ACTIVE || joined.contains(room) || joining.contains(room)) {
            return;
        }
        joining.add(room);
        int gen = generation;
        String as = nick;
        work.force(() -> joinTask(gen, room, as));
    }

    /** Leaves {@code room} (unsubscribed). */
    void leave(String room) {
        joined.remove(room);
        if (awaitingLogin.remove(room)) {
            loginProgress();
        }
        if (state == State.ACTIVE || state == State.LOGGING_IN) {
            work.force(() -> leaveTask(room));
        }
    }

    /**
     * Queues what this visitor says in room {@code t} (the say service); the occupant publishes the canonical event
     * when the room reflects our stanza id.
     */
    Spoken say(Target t, String text, boolean action, OutgoingLines echoes) throws Refused {
        String room = t.key();
        if (state != State.ACTIVE) {
            throw new Refused("xmpp_not_connected", "your XMPP session is not connected now");
        }
        if (!joined.contains(room)) {
            throw new Refused("xmpp_not_joined", "your XMPP session has not joined " + room + " (yet)");
        }
        XmppText.checkOutgoing(text, options.textMax());
        String body = action ? "/me " + text : text;
        XmppText.checkOutgoing(body, options.textMax());
        if (!work.hasRoom(1)) {
            throw new Refused("xmpp_flood_queue_full", "too many of your lines are waiting");
        }
        String id = newId();
        String sender = nick;
        echoes.expect(room, id, clientId, sender, text, action, false);  // before sending: the echo may be fast
        int gen = generation;
        work.offer(() -> sendTask(gen, room, t.bayeux(), StanzaBuilder.buildMessage(id).to(mapping.roomJid(room))
                .ofType(Message.Type.groupchat).setBody(body).build()));
        return new Spoken(sender, XmppText.clean(text).text(), false);
    }

    /** Queues a private message ({@code type=chat}) to occupant {@code to} of {@code room}. */
    void sendPrivate(String room, String to, String text) throws Refused {
        if (state != State.ACTIVE) {
            throw new Refused("xmpp_not_connected", "your XMPP session is not connected now");
        }
        if (!joined.contains(room)) {
            throw new Refused("xmpp_not_joined", "your XMPP session has not joined " + room + " (yet)");
        }
        Message m;
        try {
            m = StanzaBuilder.buildMessage(newId())
                    .to(JidCreate.entityFullFrom(mapping.roomJid(room), Resourcepart.from(to)))
                    .ofType(Message.Type.chat).setBody(text).build();
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            throw new Refused("xmpp_bad_target", "'" + to + "' is not a nick");
        }
        int gen = generation;
        if (!work.offer(() -> sendTask(gen, room, sessions.eventsChannel(), m))) {
            throw new Refused("xmpp_flood_queue_full", "too many of your lines are waiting");
        }
    }

    /** Queues our presence ({@code show}, {@code status}) to every joined room; kept for later joins. */
    void presence(Presence.Mode newShow, String newStatus) throws Refused {
        if (state != State.ACTIVE) {
            throw new Refused("xmpp_not_connected", "your XMPP session is not connected now");
        }
        this.show = newShow;
        this.status = newStatus;
        int gen = generation;
        if (!work.offer(() -> presenceTask(gen, newShow, newStatus))) {
            throw new Refused("xmpp_flood_queue_full", "too many of your requests are waiting");
        }
    }

    /**
     * Changes the nick in every joined room, by leaving and joining again (Smack 4.4.8's {@code changeNickname} is
     * broken); the browser gets a {@code nick} event per room, or an {@code xmpp_nick_taken} error event (then the
     * session keeps its old nick everywhere).
     */
    void changeNick(String newNick) {
        if (joined.isEmpty()) {
            String old = nick;
            nick = newNick;
            sessions.nickChanged(this, old, newNick);
            sessions.toClient(clientId, BridgeEvent.nickChange(old, newNick, sessions.now()).toJson());
            return;
        }
        nickChanging = true;
        int gen = generation;
        String old = nick;
        List<String> rooms = List.copyOf(joined);
        work.force(() -> nickTask(gen, old, newNick, rooms));
    }

    /**
     * Ends the session: answers a waiting login with {@code code} (when given) and disconnects (with
     * {@code reason} as the unavailable presence's status when not null) on the serial queue.
     */
    void quit(String reason, String code, String message, String suggestion) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        ended = true;
        if (login != null && code != null) {
            login.reply(Replies.failure(code, message, suggestion));
        }
        login = null;
        sessions.ended(this);
        if (!work.force(() -> disconnectTask(reason))) {
            sessions.terminated(this);
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

    // ---- plugin thread: hand-overs from the serial queue and Smack's callbacks ----

    private void onAuthenticated(int gen) {
        if (gen != generation || state == State.ENDED) {
            return;
        }
        if (lostGeneration == gen) {  // lost between login and this hand-over
            onLost(gen, null);
            return;
        }
        everAuthenticated = true;
        backoff.registered();
        boolean reconnected = state == State.RECONNECTING;
        state = State.ACTIVE;
        if (reconnected) {
            status("connected", null, "connected again");
        }
        List<String> rooms = sessions.subscribedRooms(clientId);
        if (login != null) {
            awaitingLogin.addAll(rooms);
        }
        rooms.forEach(this::join);
        loginProgress();
    }

    private void loginProgress() {
        if (login != null && awaitingLogin.isEmpty() && state == State.ACTIVE) {
            login.reply(Replies.ok().put("nick", nick));
            login = null;
        }
    }

    private void onConnectFailed(int gen, Exception e) {
        if (gen != generation || state == State.ENDED) {
            return;
        }
        XmppLinkFailure f = XmppLinkFailure.of(e, false, account == null);
        if (!everAuthenticated) {
            if (XmppLinkFailure.AUTH_FAILED.equals(f.code())) {
                quit(null, f.code(), "wrong user name or password", null);  // fixed: says nothing of the account
            } else {
                quit(null, f.code(), "could not log in to XMPP: " + f.reason(), null);
            }
            return;
        }
        status("disconnected", f.code(), f.reason());
        if (XmppLinkFailure.AUTH_FAILED.equals(f.code()) || f.isConfiguration()) {
            sessions.toClient(clientId, BridgeEvent.error(f.code(), "your XMPP session ended: " + f.reason(),
                    sessions.now()));
            quit(null, null, null, null);
            return;
        }
        scheduleReconnect(backoff.next(false));
    }

    private void onLost(int gen, Exception e) {
        if (gen != generation || state == State.ENDED) {
            return;
        }
        if (state != State.ACTIVE) {
            lostGeneration = gen;  // onAuthenticated has not run yet
            return;
        }
        state = State.RECONNECTING;
        joined.clear();
        joining.clear();
        XmppLinkFailure f = XmppLinkFailure.of(e, true, account == null);
        status("disconnected", f.code(), f.reason());
        scheduleReconnect(backoff.next(true));
    }

    private void scheduleReconnect(long delayMillis) {
        status("reconnecting", null, "reconnecting in " + Math.max(1, (delayMillis + 500) / 1000) + " s");
        sessions.schedule(() -> pluginThread.execute(() -> {
            if (state == State.RECONNECTING) {
                int gen = ++generation;
                work.force(() -> connect(gen));
            }
        }), delayMillis);
    }

    private void onJoined(int gen, String room, String as) {
        joining.remove(room);
        if (gen != generation || state != State.ACTIVE) {
            return;
        }
        if (!sessions.isSubscribed(clientId, room)) {  // unsubscribed meanwhile
            work.force(() -> leaveTask(room));
            return;
        }
        joined.add(room);
        sessions.toClient(clientId, BridgeEvent.of(BridgeEvent.Type.JOIN, room, as, null, sessions.now()).toJson());
        if (awaitingLogin.remove(room)) {
            loginProgress();
        }
    }

    private void onJoinRefused(int gen, String room, String as, XmppRefusal refusal) {
        joining.remove(room);
        if (gen != generation || state != State.ACTIVE) {
            return;
        }
        boolean taken = XmppRefusal.NICK_TAKEN.equals(refusal.code());
        String suggestion = taken ? sessions.suggest(as) : null;
        if (taken && login != null) {
            quit("nick taken", refusal.code(), "the nick " + as + " is taken in room " + room, suggestion);
            return;
        }
        ObjectNode e = BridgeEvent.error(refusal.code(), refusal.message(), sessions.now());
        e.put("channel", room);
        if (suggestion != null) {
            e.put("suggestion", suggestion);
        }
        sessions.toClient(clientId, e);
        if (awaitingLogin.remove(room)) {
            loginProgress();
        }
    }

    private void onNickChanged(int gen, String old, String newNick, List<String> rooms) {
        nickChanging = false;
        if (gen != generation || state == State.ENDED) {
            return;
        }
        nick = newNick;
        sessions.nickChanged(this, old, newNick);
        for (String room : rooms) {
            sessions.toClient(clientId, BridgeEvent.nickChange(old, newNick, sessions.now()).withChannel(room)
                    .toJson());
        }
    }

    private void onNickRefused(int gen, String newNick, String room, XmppRefusal refusal, List<String> lost) {
        nickChanging = false;
        if (gen != generation || state == State.ENDED) {
            return;
        }
        ObjectNode e = BridgeEvent.error(refusal.code(), "nick " + newNick + " refused in room " + room + ": "
                + refusal.message(), sessions.now());
        e.put("channel", room);
        if (XmppRefusal.NICK_TAKEN.equals(refusal.code())) {
            e.put("suggestion", sessions.suggest(newNick));
        }
        sessions.toClient(clientId, e);
        for (String r : lost) {  // could not go back to the old nick there either
            joined.remove(r);
            ObjectNode gone = BridgeEvent.error("xmpp_not_joined", "your session is no longer in room " + r
                    + "; subscribe again to rejoin", sessions.now());
            gone.put("channel", r);
            sessions.toClient(clientId, gone);
        }
    }

    private void onRemoved(int gen, String room, ObjectNode event) {
        if (gen != generation || state == State.ENDED) {
            return;
        }
        joined.remove(room);
        sessions.toClient(clientId, event);
    }

    private void onIncoming(int gen, ObjectNode event) {
        if (gen == generation && state != State.ENDED) {
            sessions.toClient(clientId, event);
        }
    }

    private void status(String what, String code, String text) {
        BridgeEvent e = BridgeEvent.status(null, what, text, sessions.now());
        ObjectNode o = (code == null ? e : e.withCode(code)).toJson();
        o.put("nick", nick);
        sessions.toClient(clientId, o);
    }

    // ---- serial queue: the blocking Smack calls ----

    private void connect(int gen) {
        if (ended) {
            return;
        }
        closeConnection(null);
        XMPPTCPConnection c = null;
        try {
            XMPPTCPConnectionConfiguration config = account == null ? XmppConfigs.anonymous(options)
                    : XmppConfigs.account(options, account.user(), account.password());
            c = XmppConfigs.newConnection(config, options);
            c.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    pluginThread.execute(() -> onLost(gen, e));
                }
            });
            c.addAsyncStanzaListener(s -> onPrivate(gen, (Message) s),
                    new AndFilter(MessageTypeFilter.CHAT, fromOurService()));
            c.addAsyncStanzaListener(s -> onErrorMessage(gen, (Message) s),
                    new AndFilter(MessageTypeFilter.ERROR, fromOurService()));
            connection = c;
            connectionGeneration = gen;
            c.connect().login();
            pluginThread.execute(() -> onAuthenticated(gen));
        } catch (Exception e) {
            if (c != null) {
                c.disconnect();
            }
            connection = null;
            pluginThread.execute(() -> onConnectFailed(gen, e));
        }
    }

    private StanzaFilter fromOurService() {
        String muc = mapping.muc();
        return s -> s.getFrom() != null && s.getFrom().getDomain().toString().equals(muc)
                && s.getFrom().getLocalpartOrNull() != null;
    }

    private MultiUserChat muc(XMPPTCPConnection c, int gen, String room) {
        return mucs.computeIfAbsent(room, r -> {
            MultiUserChat m = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(mapping.roomJid(r));
            m.addUserStatusListener(new UserStatusListener() {
                @Override
                public void kicked(Jid actor, String reason) {
                    handOverRemoval(gen, room, BridgeEvent.kick(room, actorName(actor), nick, clean(reason), sessions.now())
                            .toJson());
                }

                @Override
                public void banned(Jid actor, String reason) {
                    handOverRemoval(gen, room, BridgeEvent.kick(room, actorName(actor), nick, clean(reason), sessions.now())
                            .withCode(XmppRefusal.BANNED).toJson());
                }

                @Override
                public void roomDestroyed(MultiUserChat alternate, String reason) {
                    ObjectNode e = BridgeEvent.error("xmpp_room_destroyed", "the room was destroyed"
                            + (reason == null ? "" : ": " + clean(reason)), sessions.now());
                    e.put("channel", room);
                    handOverRemoval(gen, room, e);
                }
            });
            return m;
        });
    }

    private void handOverRemoval(int gen, String room, ObjectNode event) {
        pluginThread.execute(() -> onRemoved(gen, room, event));
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

    private XMPPTCPConnection live(int gen) {
        XMPPTCPConnection c = connection;
        return !ended && c != null && connectionGeneration == gen && c.isAuthenticated() ? c : null;
    }

    private void joinTask(int gen, String room, String as) {
        XMPPTCPConnection c = live(gen);
        if (c == null) {
            pluginThread.execute(() -> joining.remove(room));
            return;
        }
        MultiUserChat m = muc(c, gen, room);
        try {
            enter(m, as);
            pluginThread.execute(() -> onJoined(gen, room, as));
        } catch (XMPPException.XMPPErrorException e) {
            XmppRefusal r = XmppRefusal.of(e.getStanzaError(), XmppRefusal.What.JOIN);
            pluginThread.execute(() -> onJoinRefused(gen, room, as, r));
        } catch (Exception e) {
            XmppRefusal r = new XmppRefusal(XmppRefusal.NOT_JOINED, "remote-server-timeout",
                    "could not join " + room + ": " + e.getClass().getSimpleName());
            pluginThread.execute(() -> onJoinRefused(gen, room, as, r));
        }
    }

    private void enter(MultiUserChat m, String as) throws Exception {
        Presence.Mode mode = show;
        String text = status;
        var enter = m.getEnterConfigurationBuilder(Resourcepart.from(as)).requestNoHistory()
                .timeoutAfter(options.replyTimeout().toMillis());
        if (mode != null || text != null) {
            enter.withPresence(p -> {
                if (mode != null) {
                    p.setMode(mode);
                }
                if (text != null) {
                    p.setStatus(text);
                }
            });
        }
        m.join(enter.build());
    }

    private void leaveTask(String room) {
        MultiUserChat m = mucs.get(room);
        XMPPTCPConnection c = connection;
        if (m == null || c == null || ended) {
            return;
        }
        leaveAndSettle(c, m, room);
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
        try {
            PingManager.getInstanceFor(c).pingMyServer(false);
        } catch (Exception e) {
            LOG.debug("visitor {}: ping after leaving {}: {}", clientId, room, e.toString());
        }
    }

    private void sendTask(int gen, String room, String reportTo, Message m) {
        XMPPTCPConnection c = live(gen);
        try {
            if (c == null) {
                throw new IllegalStateException("not connected");
            }
            c.sendStanza(m);
        } catch (Exception e) {
            ObjectNode err = BridgeEvent.error("xmpp_not_sent", "not sent to XMPP: " + e.getMessage(),
                    sessions.now());
            err.put("channel", room);
            pluginThread.execute(() -> onIncoming(gen, err));
        }
    }

    private void presenceTask(int gen, Presence.Mode mode, String text) {
        if (live(gen) == null) {
            return;
        }
        for (MultiUserChat m : mucs.values()) {
            try {
                if (m.isJoined()) {
                    m.changeAvailabilityStatus(text, mode);
                }
            } catch (Exception e) {
                LOG.debug("visitor {}: presence failed: {}", clientId, e.toString());
            }
        }
    }

    private void nickTask(int gen, String old, String newNick, List<String> rooms) {
        XMPPTCPConnection c = live(gen);
        if (c == null) {
            pluginThread.execute(() -> nickChanging = false);
            return;
        }
        List<String> moved = new ArrayList<>();
        for (String room : rooms) {
            MultiUserChat m = muc(c, gen, room);
            leaveAndSettle(c, m, room);
            XmppRefusal refusal = null;
            try {
                enter(m, newNick);
                moved.add(room);
            } catch (XMPPException.XMPPErrorException e) {
                refusal = XmppRefusal.of(e.getStanzaError(), XmppRefusal.What.JOIN);
            } catch (Exception e) {
                refusal = new XmppRefusal(XmppRefusal.NOT_JOINED, "remote-server-timeout",
                        "could not join " + room + " as " + newNick + ": " + e.getClass().getSimpleName());
            }
            if (refusal != null) {
                List<String> lost = new ArrayList<>();
                List<String> back = new ArrayList<>(moved);
                back.add(room);
                for (String r : back) {  // the old nick everywhere again
                    MultiUserChat b = muc(c, gen, r);
                    try {
                        leaveAndSettle(c, b, r);
                        enter(b, old);
                    } catch (Exception e) {
                        lost.add(r);
                    }
                }
                XmppRefusal why = refusal;
                pluginThread.execute(() -> onNickRefused(gen, newNick, room, why, lost));
                return;
            }
        }
        pluginThread.execute(() -> onNickChanged(gen, old, newNick, moved));
    }

    private void disconnectTask(String reason) {
        closeConnection(reason);
        pluginThread.execute(() -> sessions.terminated(this));
    }

    private void closeConnection(String reason) {
        XMPPTCPConnection c = connection;
        connection = null;
        mucs.clear();
        if (c == null) {
            return;
        }
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

    // ---- Smack callbacks (Smack's executor): build the event, hand over ----

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
                text.text(), sessions.now());
        ObjectNode o = (text.truncated() ? e.asTruncated() : e).toJson();
        pluginThread.execute(() -> onIncoming(gen, o));
    }

    private void onErrorMessage(int gen, Message m) {
        String room = m.getFrom().getLocalpartOrNull().toString();
        boolean toNick = m.getFrom().getResourceOrNull() != null && m.getType() == Message.Type.error
                && m.getError() != null
                && m.getError().getCondition() == org.jivesoftware.smack.packet.StanzaError.Condition.item_not_found;
        XmppRefusal r = XmppRefusal.of(m.getError(), XmppRefusal.What.MESSAGE);
        ObjectNode o = toNick
                ? BridgeEvent.error("xmpp_no_such_nick", "no one is called " + m.getFrom().getResourceOrNull()
                        + " in " + room, sessions.now())
                : BridgeEvent.error(r.code(), r.message(), sessions.now());
        o.put("channel", room);
        pluginThread.execute(() -> onIncoming(gen, o));
    }

    private static String newId() {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return "orbv-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
