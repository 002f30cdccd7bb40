package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.bridge.common.ReclaimSecret;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.ReconnectBackoff;
import org.orbited.bridge.common.Replies;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;
import org.orbited.plugin.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in browser's own XMPP session (docs/xmpp.md "Visitor sessions"): a Smack connection
 * ({@link VisitorConnection}), SASL ANONYMOUS on {@code anon.domain} or an account on {@code domain}, in every room its
 * client is subscribed to, joined under the visitor's nick with {@code requestNoHistory()} (the bridge's occupant
 * reads the rooms for every browser; this session only forwards what concerns its own browser: its join results,
 * private messages, errors, kicks and its nick changes, on {@code /service/xmpp/<muc>/events}).
 *
 * <p><b>Life.</b> {@code LOGGING_IN} until authenticated (the login request is answered {@code ok} after the joins
 * of the rooms subscribed at that moment, or at once without any; a nick conflict in one of them answers
 * {@code xmpp_nick_taken} with a suggestion and ends the session; a failed login ends it with the failure's code);
 * then {@code ACTIVE}. A lost connection gives {@code disconnected} (with a code) and {@code reconnecting} status
 * events and our own backoff ({@code reconnect.min}..{@code reconnect.max}, jitter); a new connection (an anonymous
 * one gets a new JID: the identity in rooms is the nick) rejoins the rooms and reports {@code connected}. No Smack
 * automatic reconnection. {@code ENDED} after {@link #quit}.
 *
 * <p><b>Threads.</b> This class is the session's state, on the plugin thread only (service handlers and
 * hand-overs). Its Smack side, {@link VisitorConnection}, runs on this session's {@link VisitorWork.Serial} queue
 * (one call at a time, in order, on the bridge's small visitor pool) and reports back through
 * {@link VisitorConnection.Events}, which this class hands over to the plugin thread. The account password is kept
 * in memory for reconnects, never logged.
 *
 * <p><b>Owner.</b> The client it serves ({@link #clientId}) changes when another page of the visitor takes it over
 * with its {@link #reclaim} secret ({@link VisitorGrace}); events, errors and its flood bucket follow the owner.
 */
final class VisitorSession {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    enum State { LOGGING_IN, ACTIVE, RECONNECTING, ENDED }

    /** The Bayeux client this session serves now (a takeover changes it; the plugin thread writes). */
    volatile String clientId;
    /** What a takeover must present ({@link ReclaimSecret}); new at every takeover. */
    String reclaim = ReclaimSecret.issue();
    private final VisitorSessions sessions;
    private final XmppOptions options;
    private final RoomMapping mapping;
    private final Executor pluginThread;
    private final VisitorWork.Serial work;
    private final VisitorConnection xmpp;
    private final ReconnectBackoff backoff;

    // ---- plugin thread ----
    private State state = State.LOGGING_IN;
    private volatile String nick;  // read by the say path and logs
    private ServiceRequest login;  // the login waiting for its answer, or null
    private final Set<String> joined = new LinkedHashSet<>();
    private final Set<String> joining = new HashSet<>();
    private final Set<String> awaitingLogin = new HashSet<>();
    private final Set<String> syncPending = new HashSet<>();  // rooms with a join waiting for a flood token
    private int generation;        // of the current connection attempt
    private int lostGeneration = -1;
    private boolean everAuthenticated;
    private boolean nickChanging;
    private volatile Presence.Mode show;   // the visitor's presence, applied on every (re)join
    private volatile String status;
    int endGeneration;             // bumped when the client ends or a page takes over (grace timer)
    int takeovers;                 // bumped by each takeover (its settle timer)

    VisitorSession(String clientId, String nick, VisitorConnection.Account account, XmppOptions options,
                   VisitorSessions sessions, Executor pluginThread, VisitorWork.Serial work) {
        this.clientId = clientId;
        this.nick = nick;
        this.xmpp = new VisitorConnection(clientId, account, options, sessions::now, sessions.eventsChannel(),
                new HandOver(), sessions.echoes());
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

    boolean isActive() {
        return state == State.ACTIVE;
    }

    /** Logged in (active or reconnecting) with no login waiting: a new page of the visitor may take it over. */
    boolean canBeTakenOver() {
        return (state == State.ACTIVE || state == State.RECONNECTING) && login == null;
    }

    /** The rooms the session is in now. */
    List<String> joinedRooms() {
        return List.copyOf(joined);
    }

    boolean hasJoined(String room) {
        return joined.contains(room);
    }

    boolean isChangingNick() {
        return nickChanging;
    }

    /** Whether any connection of this session ever logged in (so rooms may have its nick). */
    boolean everLoggedIn() {
        return everAuthenticated;
    }

    // ---- plugin thread: what the services and the say path ask ----

    /** Starts logging in; {@code request} is answered when the login is done or failed. */
    void start(ServiceRequest request) {
        this.login = request;
        int gen = ++generation;
        if (!work.force(() -> xmpp.connect(gen))) {
            quit("bridge stopping", "xmpp_not_connected", "the bridge is stopping", null);
        }
    }

    /**
     * {@code room} was subscribed to: it is joined (when active and not in it or joining it yet) after a token of
     * the session's flood bucket, so subscribe/unsubscribe loops cannot make the room see joins and parts faster than
     * {@code flood.rate}. At most one such "sync this room" is pending per room: it joins if the room is still wanted
     * when it runs (bounded by construction: a pending sync per room, a join in flight per room, a leave per join).
     */
    void join(String room) {
        if (state != State.ACTIVE || joined.contains(room) || joining.contains(room) || !syncPending.add(room)) {
            return;
        }
        offerSync(room);
    }

    private void offerSync(String room) {
        if (state == State.ENDED) {
            syncPending.remove(room);
            return;
        }
        if (!sessions.hasFloodRoom(clientId, 1)) {  // the bucket's queue is full: ask again in a second
            sessions.schedule(() -> handOver(() -> offerSync(room)), 1000);
            return;
        }
        sessions.pace(clientId, () -> handOver(() -> sync(room)));
    }

    /** A pending sync of {@code room} runs: join it if it is still subscribed (and we are active). */
    private void sync(String room) {
        syncPending.remove(room);
        if (state == State.ACTIVE && sessions.isSubscribed(clientId, room)) {
            joinNow(room);
        }
    }

    /** Joins {@code room} now (login, reconnect, a sync) when active and not in it or joining it yet. */
    private void joinNow(String room) {
        if (state != State.ACTIVE || joined.contains(room) || joining.contains(room)) {
            return;
        }
        joining.add(room);
        int gen = generation;
        String as = nick;
        Presence.Mode mode = show;
        String text = status;
        work.force(() -> xmpp.join(gen, room, as, mode, text));
    }

    /**
     * Leaves {@code room} (unsubscribed) when the session is in it: one leave per join. A join in flight leaves on
     * its result ({@link #onJoined} checks the subscription), a pending sync finds the room unwanted; a room the
     * session is not in queues nothing.
     */
    void leave(String room) {
        if (awaitingLogin.remove(room)) {
            loginProgress();
        }
        if (joined.remove(room) && state != State.ENDED) {
            work.force(() -> xmpp.leave(room));
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
        if (nickChanging) {  // the session is out of the rooms for a moment, and the line's sender would be wrong
            throw new Refused("xmpp_nick_changing", "your nick is changing; say it again in a moment");
        }
        XmppText.checkOutgoing(text, options.textMax());
        String body = action ? "/me " + text : text;
        XmppText.checkOutgoing(body, options.textMax());
        sessions.checkFlood(clientId);
        String id = newId();
        String sender = nick;
        int gen = generation;
        Message m = StanzaBuilder.buildMessage(id).to(mapping.roomJid(room)).ofType(Message.Type.groupchat)
                .setBody(body).build();
        // announced on the serial queue right before the stanza leaves (the echo may be fast), not now: a line that
        // waits in the flood buckets must not run out of its confirm time before it is even sent
        paced(gen, room, t.bayeux(), true, () -> {
            echoes.expect(room, id, clientId, sender, text, action, false);
            if (!xmpp.send(gen, room, t.bayeux(), m)) {
                echoes.withdraw(room, id);  // told already (xmpp_not_sent): no xmpp_not_confirmed later
            }
        });
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
        if (nickChanging) {
            throw new Refused("xmpp_nick_changing", "your nick is changing; send it again in a moment");
        }
        Message m;
        try {
            m = StanzaBuilder.buildMessage(newId())
                    .to(JidCreate.entityFullFrom(mapping.roomJid(room), Resourcepart.from(to)))
                    .ofType(Message.Type.chat).setBody(text).build();
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            throw new Refused("xmpp_bad_target", "'" + to + "' is not a nick");
        }
        sessions.checkFlood(clientId);
        int gen = generation;
        String events = sessions.eventsChannel();
        paced(gen, room, events, false, () -> xmpp.send(gen, room, events, m));
    }

    /**
     * Hands a line to this session's flood bucket ({@code flood.rate}, {@code flood.burst}; the caller checked
     * {@code flood.queue}), then, for a line into the room ({@code intoRoom}), to the room's bucket shared with the
     * occupant ({@code flood.channel.*}, when shared), then to the serial queue. Plugin thread; the buckets may
     * release it later on a timer thread, which only queues. A line refused by a full room bucket or a full serial
     * queue is reported to this browser ({@code xmpp_flood_queue_full}), never dropped silently.
     */
    private void paced(int gen, String room, String reportTo, boolean intoRoom, Runnable send) {
        Runnable queue = () -> {
            if (!work.offer(send)) {
                refusedLine(gen, room, reportTo, "not sent: too many of your requests are waiting");
            }
        };
        sessions.pace(clientId, () -> {
            FloodQueue<Runnable> roomFlood = sessions.roomFlood();
            if (!intoRoom || roomFlood == null) {
                queue.run();
                return;
            }
            try {
                roomFlood.offer(room, queue);
            } catch (FloodQueueFullException full) {
                refusedLine(gen, room, reportTo, "not sent: " + full.getMessage());
            }
        });
    }

    private void refusedLine(int gen, String room, String reportTo, String message) {
        ObjectNode err = BridgeEvent.error("xmpp_flood_queue_full", message, sessions.now());
        if (room != null) {
            err.put("channel", room);
        }
        handOver(() -> onIncoming(gen, reportTo, err));
    }

    /**
     * Queues a subject change of {@code room} (the room may refuse it: only moderators, by default); the occupant
     * publishes the {@code topic} event when the room shows it, a refusal comes on {@code bayeux} to this browser.
     */
    void setSubject(String room, String bayeux, String subject) throws Refused {
        if (!joined.contains(room)) {
            throw new Refused("xmpp_not_joined", "your XMPP session has not joined " + room + " (yet)");
        }
        if (nickChanging) {
            throw new Refused("xmpp_nick_changing", "your nick is changing; try again in a moment");
        }
        sessions.checkFlood(clientId);
        String id = newId();
        Message m = StanzaBuilder.buildMessage(id).to(mapping.roomJid(room)).ofType(Message.Type.groupchat)
                .setSubject(subject).build();
        int gen = generation;
        paced(gen, room, bayeux, true, () -> xmpp.sendSubject(gen, room, bayeux, m));
    }

    /** Queues our presence ({@code show}, {@code status}) to every joined room; kept for later joins. */
    void presence(Presence.Mode newShow, String newStatus) throws Refused {
        if (state != State.ACTIVE) {
            throw new Refused("xmpp_not_connected", "your XMPP session is not connected now");
        }
        sessions.checkFlood(clientId);  // one line of the session's bucket: it goes to every joined room
        this.show = newShow;
        this.status = newStatus;
        int gen = generation;
        paced(gen, null, sessions.eventsChannel(), false, () -> xmpp.presence(gen, newShow, newStatus));
    }

    /**
     * Changes the nick in every joined room, by leaving and joining again (Smack 4.4.8's {@code changeNickname} is
     * broken); the browser gets a {@code nick} event per room, or an {@code xmpp_nick_taken} error event (then the
     * session keeps its old nick everywhere). A change counts as one line per room (at most {@code flood.queue})
     * of the session's flood bucket and waits for those tokens (saying is refused with {@code xmpp_nick_changing}
     * meanwhile); a full bucket refuses it at the call.
     *
     * @throws Refused {@code xmpp_flood_queue_full}
     */
    void changeNick(String newNick) throws Refused {
        Set<String> rooms = rooms();
        if (rooms.isEmpty()) {
            renamed(newNick);
            return;
        }
        int lines = Math.min(rooms.size(), options.floodQueue());
        if (!sessions.hasFloodRoom(clientId, lines)) {
            throw new Refused("xmpp_flood_queue_full", "flood queue is full; slow down and retry");
        }
        nickChanging = true;
        int gen = generation;
        for (int i = 1; i < lines; i++) {
            sessions.pace(clientId, () -> { });  // the tokens of the other rooms
        }
        sessions.pace(clientId, () -> handOver(() -> startNickChange(gen, newNick)));
    }

    /** The rooms the session is in or joining (a join in flight runs before a change on the serial queue). */
    private Set<String> rooms() {
        Set<String> rooms = new LinkedHashSet<>(joined);
        rooms.addAll(joining);
        return rooms;
    }

    private void renamed(String newNick) {
        String old = nick;
        nick = newNick;
        sessions.nickChanged(this, old, newNick);
        sessions.toClient(clientId, BridgeEvent.nickChange(old, newNick, sessions.now()).toJson());
    }

    /** The paced nick change's tokens came: rename in the rooms the session is in now. */
    private void startNickChange(int gen, String newNick) {
        if (state == State.ENDED) {
            return;
        }
        if (gen != generation || state != State.ACTIVE) {  // the connection was lost while the change waited
            nickChanging = false;
            sessions.toClient(clientId, BridgeEvent.error("xmpp_not_connected", "nick " + newNick
                    + " not taken: your XMPP session lost its connection; try again", sessions.now()));
            return;
        }
        Set<String> rooms = rooms();
        if (rooms.isEmpty()) {
            nickChanging = false;
            renamed(newNick);
            return;
        }
        String old = nick;
        List<String> inRooms = List.copyOf(rooms);
        Presence.Mode mode = show;
        String text = status;
        work.force(() -> xmpp.changeNick(gen, old, newNick, inRooms, mode, text));
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
        xmpp.end();
        if (login != null && code != null) {
            login.reply(Replies.failure(code, message, suggestion));
        }
        login = null;
        sessions.ended(this);
        if (!work.force(() -> xmpp.close(reason))) {
            sessions.terminated(this);
        }
    }

    /** Empties the message collectors Smack keeps per joined room (we use no room message listener). Any thread. */
    void drainCollectors() {
        xmpp.drainCollectors();
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
        rooms.forEach(this::joinNow);  // the subscriptions the session starts with: not paced
        loginProgress();
    }

    private void loginProgress() {
        if (login != null && awaitingLogin.isEmpty() && state == State.ACTIVE) {
            login.reply(Replies.ok().put("nick", nick).put("reclaim", reclaim));
            login = null;
        }
    }

    private void onConnectFailed(int gen, Exception e) {
        if (gen != generation || state == State.ENDED) {
            return;
        }
        XmppLinkFailure f = XmppLinkFailure.of(e, false, xmpp.isAnonymous());
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
        XmppLinkFailure f = XmppLinkFailure.of(e, true, xmpp.isAnonymous());
        status("disconnected", f.code(), f.reason());
        scheduleReconnect(backoff.next(true));
    }

    private void scheduleReconnect(long delayMillis) {
        status("reconnecting", null, "reconnecting in " + Math.max(1, (delayMillis + 500) / 1000) + " s");
        sessions.schedule(() -> handOver(() -> {
            if (state == State.RECONNECTING) {
                int gen = ++generation;
                work.force(() -> xmpp.connect(gen));
            }
        }), delayMillis);
    }

    private void onJoined(int gen, String room, String as) {
        joining.remove(room);
        if (gen != generation || state != State.ACTIVE) {
            return;
        }
        if (!sessions.isSubscribed(clientId, room)) {  // unsubscribed meanwhile
            work.force(() -> xmpp.leave(room));
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
        if (gen != generation || state != State.ACTIVE || refusal == null) {
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
        if (gen != generation || state == State.ENDED || refusal == null) {
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

    /** Delivers {@code event} to this browser alone on {@code channel} (its events channel, or a room's). */
    private void onIncoming(int gen, String channel, ObjectNode event) {
        if (gen == generation && state != State.ENDED) {
            sessions.toClient(clientId, channel, event);
        }
    }

    private void status(String what, String code, String text) {
        BridgeEvent e = BridgeEvent.status(null, what, text, sessions.now());
        ObjectNode o = (code == null ? e : e.withCode(code)).toJson();
        o.put("nick", nick);
        sessions.toClient(clientId, o);
    }

    /** The Smack side's reports, handed over to the plugin thread. */
    private final class HandOver implements VisitorConnection.Events {
        @Override
        public void authenticated(int gen) {
            handOver(() -> onAuthenticated(gen));
        }

        @Override
        public void connectFailed(int gen, Exception failure) {
            handOver(() -> onConnectFailed(gen, failure));
        }

        @Override
        public void lost(int gen, Exception failure) {
            handOver(() -> onLost(gen, failure));
        }

        @Override
        public void joined(int gen, String room, String as) {
            handOver(() -> onJoined(gen, room, as));
        }

        @Override
        public void joinRefused(int gen, String room, String as, XmppRefusal refusal) {
            handOver(() -> onJoinRefused(gen, room, as, refusal));
        }

        @Override
        public void nickChanged(int gen, String old, String newNick, List<String> rooms) {
            handOver(() -> onNickChanged(gen, old, newNick, rooms));
        }

        @Override
        public void nickRefused(int gen, String newNick, String room, XmppRefusal refusal, List<String> lost) {
            handOver(() -> onNickRefused(gen, newNick, room, refusal, lost));
        }

        @Override
        public void removed(int gen, String room, ObjectNode event) {
            handOver(() -> onRemoved(gen, room, event));
        }

        @Override
        public void incoming(int gen, String channel, ObjectNode event) {
            handOver(() -> onIncoming(gen, channel, event));
        }

        @Override
        public void closed() {
            handOver(() -> sessions.terminated(VisitorSession.this));
        }
    }

    /** Runs {@code task} on the plugin thread; dropped once the plugin's executor is gone (the node stopping). */
    private void handOver(Runnable task) {
        try {
            pluginThread.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("visitor {}: plugin stopped, event dropped", clientId);
        }
    }

    private static String newId() {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return "orbv-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
