package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Presence;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.LoginRateLimit;
import org.orbited.bridge.common.NickSuggestions;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.Replies;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visitor sessions of one MUC service (docs/xmpp.md "Visitor sessions"): the services under
 * {@code /service/xmpp/<escaped muc>/} ({@code login}, {@code logout}, {@code nick}, {@code privmsg},
 * {@code presence}, {@code topic}), what logged-in visitors say through the shared say service ({@link #say}), the rooms each
 * client is subscribed to (a session joins them all and follows later subscriptions), and the end of clients
 * ({@link #clientEnded}: the session is closed {@code personal.grace} later). Each logged-in client has one
 * {@link VisitorSession}; events for that browser alone go to it with {@code deliver} on
 * {@code /service/xmpp/<escaped muc>/events}.
 *
 * <p><b>Login.</b> {@code {"nick"}} logs in anonymously (SASL ANONYMOUS on {@code anon.domain}); {@code {"nick",
 * "user","password"}} with an account on {@code domain} (SCRAM, over TLS unless {@code tls = 0}); {@code personal.auth}
 * says which are allowed; {@code personal.nick = principal} makes the client identity's principal the nick. Limits:
 * {@code personal.max} sessions (a session counts until its connection is closed), {@code personal.login.rate}
 * logins a minute per client.
 *
 * <p><b>Threads.</b> Every method runs on the plugin thread ({@code pluginThread}) and never blocks: the sessions'
 * blocking Smack calls run on a small shared pool ({@link VisitorWork}), one serial queue per session; timers only
 * hand back. {@link #isLoggedIn} may be called from any thread.
 */
public final class VisitorSessions {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorSessions.class);
    /** Show values of the {@code presence} service and their Smack modes. */
    private static final Map<String, Presence.Mode> SHOWS = Map.of("available", Presence.Mode.available,
            "chat", Presence.Mode.chat, "away", Presence.Mode.away, "xa", Presence.Mode.xa, "dnd", Presence.Mode.dnd);
    /** Longest password accepted from a browser (a bound, not a policy). */
    private static final int MAX_PASSWORD = 1024;
    /** Tasks a session may have waiting on its serial queue. */
    private static final int QUEUE_PER_SESSION = 64;
    private static final long DRAIN_MILLIS = 5_000;

    private final XmppOptions options;
    private final ServerChannels channels;
    private final Executor pluginThread;
    private final Clock clock;
    private final RoomMapping mapping;
    private final OutgoingLines echoes;
    private final String service;
    private final VisitorWork work;
    private final LoginRateLimit loginRate;
    /** One bucket per logged-in client: what its session may send ({@code flood.rate}, {@code flood.burst}). */
    private final FloodQueue<Runnable> flood;
    /** The rooms' buckets ({@code flood.channel.*}), shared with the occupant; null until shared. */
    private volatile FloodQueue<Runnable> roomFlood;
    private final Map<String, VisitorSession> byClient = new ConcurrentHashMap<>();  // read by isLoggedIn
    private final Map<String, VisitorSession> byNick = new HashMap<>();              // our visitors' nicks
    private final Map<String, Set<String>> subscriptions = new HashMap<>();          // clientId -> room localparts
    /** Sessions whose connection is not closed yet: what {@code personal.max} bounds. */
    private int live;
    private final VisitorGrace grace;

    /**
     * @param o            the section's options
     * @param ch           the node's channels
     * @param pluginThread the plugin's thread
     * @param clock        event times
     * @param mapping      rooms and their Bayeux names ({@code o.mapping()})
     * @param echoes       where a visitor's line is announced, so the occupant publishes it on its reflection
     */
    public VisitorSessions(XmppOptions o, ServerChannels ch, Executor pluginThread, Clock clock, RoomMapping mapping,
                           OutgoingLines echoes) {
        this.options = o;
        this.channels = ch;
        this.pluginThread = pluginThread;
        this.clock = clock;
        this.mapping = mapping;
        this.echoes = echoes;
        this.service = mapping.servicePrefix();
        this.work = new VisitorWork("xmpp-visitor-" + mapping.muc(), Math.min(16, Math.max(2, o.personalMax())),
                QUEUE_PER_SESSION);
        this.loginRate = new LoginRateLimit(o.personalLoginRate(), 100_000, System::nanoTime);
        this.flood = new FloodQueue<>(new BridgeCodes("xmpp"), o.floodRate(), o.floodBurst(), o.floodQueue(),
                (task, nanos) -> work.schedule(task, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos))),
                System::nanoTime, (client, send) -> send.run());
        this.grace = new VisitorGrace(this, ch, pluginThread, o.personalGrace().toMillis());
    }

    /**
     * Shares the rooms' flood buckets ({@code flood.channel.*}, keyed by room localpart, e.g. the relay's
     * {@code XmppRelay.roomFlood()}): a visitor's line into a room then passes its session's bucket and then the
     * room's, as IRC's personal lines do. Set once before {@link #register}; without it only the session's bucket
     * applies.
     */
    public void shareRoomFlood(FloodQueue<Runnable> rooms) {
        this.roomFlood = rooms;
    }

    /** Where visitors' lines are announced to the occupant (and withdrawn when their room refuses them). */
    OutgoingLines echoes() {
        return echoes;
    }

    FloodQueue<Runnable> roomFlood() {
        return roomFlood;
    }

    /**
     * Registers the services (with {@code mode = relay} too: {@code login} then answers
     * {@code xmpp_personal_disabled}) and, when sessions are possible, the periodic drain of Smack's room message
     * collectors.
     */
    public void register() {
        channels.handleService(service + "login", this::login);
        channels.handleService(service + "logout", this::logout);
        channels.handleService(service + "nick", this::nick);
        channels.handleService(service + "privmsg", this::privmsg);
        channels.handleService(service + "presence", this::presence);
        channels.handleService(service + "topic", this::topic);
        if (options.mode().allowsPersonal()) {
            work.every(() -> byClient.values().forEach(VisitorSession::drainCollectors), DRAIN_MILLIS);
        }
    }

    /** Ends every session (each disconnects on the pool, which then ends its threads). Never waits. */
    public void stop() {
        List.copyOf(byClient.values()).forEach(s -> s.quit("bridge stopping", "xmpp_not_connected",
                "the bridge stopped", null));
        work.stop();
    }

    /** After {@link #stop}: waits at most {@code millis} for the sessions' disconnects to finish; false if not. */
    boolean awaitStopped(long millis) throws InterruptedException {
        return work.awaitTermination(millis);
    }

    /** True when {@code clientId} is logged in (or logging in): it speaks as itself. Any thread. */
    public boolean isLoggedIn(String clientId) {
        return byClient.containsKey(clientId);
    }

    /** The nick {@code clientId} is logged in with, or null. Any thread. */
    public String nickOf(String clientId) {
        VisitorSession s = byClient.get(clientId);
        return s == null ? null : s.nick();
    }

    /**
     * What logged-in {@code clientId} says in room {@code t} (allowed, and subscribed: the say service checked):
     * sent through its own session with our own stanza id, announced to {@link OutgoingLines} first, so the
     * occupant publishes the canonical event when the room reflects it ({@code publishNow} false).
     *
     * @throws Refused {@code xmpp_not_logged_in}, {@code xmpp_not_connected}, {@code xmpp_not_joined}, a text code,
     *                 {@code xmpp_flood_queue_full}
     */
    public Spoken say(String clientId, Target t, String text, boolean action) throws Refused {
        VisitorSession s = byClient.get(clientId);
        if (s == null) {
            throw new Refused("xmpp_not_logged_in", "log in first");
        }
        return s.say(t, text, action, echoes);
    }

    // ---- services ----

    private void login(ServiceRequest r) {
        try {
            startLogin(r);  // answered by the session when logged in (or refused)
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        } catch (NickTaken e) {
            r.reply(Replies.failure(XmppRefusal.NICK_TAKEN, e.getMessage(), e.suggestion));
        }
    }

    /** Starts a login, answered later by the session; a refusal before that is thrown. */
    private void startLogin(ServiceRequest r) throws Refused, NickTaken {
        if (!options.mode().allowsPersonal()) {
            throw new Refused("xmpp_personal_disabled", "visitor sessions are off (mode = relay)");
        }
        VisitorSession existing = byClient.get(r.clientId());
        if (existing != null) {
            throw new Refused("xmpp_already_logged_in", "already logged in as " + existing.nick());
        }
        JsonNode data = r.data();
        Identity who = channels.client(r.clientId()).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        String nick = options.nickFromPrincipal() && !who.isAnonymous() ? who.principal() : Replies.text(data, "nick");
        if (nick != null && grace.tryTakeOver(r, byNick.get(fold(nick)))) {
            return;  // the same visitor's new page: the session is its now
        }
        String user = Replies.text(data, "user");
        String password = Replies.text(data, "password");
        if ((user == null) != (password == null)) {
            throw new Refused("xmpp_bad_data", "{\"nick\": \"...\"} or {\"nick\": \"...\", \"user\": \"...\","
                    + " \"password\": \"...\"}");
        }
        VisitorConnection.Account account = null;
        if (user != null) {
            if (!options.personalAuth().allowsAccount()) {
                throw new Refused("xmpp_account_login_off", "logins with an account are off here"
                        + " (personal.auth = anonymous)");
            }
            String problem = XmppText.localpartProblem(user);
            if (problem != null || password.isEmpty() || password.length() > MAX_PASSWORD) {
                throw new Refused("xmpp_bad_data", problem != null ? "user " + problem
                        : "password must be 1 to " + MAX_PASSWORD + " characters");
            }
            account = new VisitorConnection.Account(user, password);
        } else if (!options.personalAuth().allowsAnonymous()) {
            throw new Refused("xmpp_account_required", "log in with user and password here (personal.auth = account)");
        }
        checkNick(nick);
        if (isTaken(nick)) {
            throw new NickTaken("the nick " + nick + " is taken", suggest(nick));
        }
        if (live >= options.personalMax()) {
            throw new Refused("xmpp_too_many_connections", "at most " + options.personalMax()
                    + " visitor sessions on " + mapping.muc() + "; try again later");
        }
        if (!loginRate.tryAcquire(r.clientId())) {
            throw new Refused("xmpp_login_rate", "at most " + options.personalLoginRate()
                    + " logins a minute per client; try again later");
        }
        LOG.debug("visitor {} logs in as {} ({})", r.clientId(), nick, account == null ? "anonymous" : "account");
        VisitorSession s = new VisitorSession(r.clientId(), nick, account, options, this, pluginThread,
                work.serial());
        byClient.put(r.clientId(), s);
        byNick.put(fold(nick), s);
        live++;
        s.start(r);
    }

    private void logout(ServiceRequest r) {
        VisitorSession s = byClient.get(r.clientId());
        if (s == null) {
            r.reply(Replies.failure("xmpp_not_logged_in", "not logged in", null));
            return;
        }
        String reason = Replies.text(r.data(), "reason");
        if (reason != null) {
            try {
                XmppText.checkOutgoing(reason, Math.min(300, options.textMax()));
            } catch (Refused e) {
                reason = null;
            }
        }
        s.quit(reason == null ? "logged out" : reason, "xmpp_logged_out", "logged out", null);
        r.reply(Replies.ok());
    }

    private void nick(ServiceRequest r) {
        try {
            VisitorSession s = active(r.clientId());
            String nick = Replies.text(r.data(), "nick");
            if (options.nickFromPrincipal() && channels.client(r.clientId()).map(c -> !c.identity().isAnonymous())
                    .orElse(false)) {
                throw new Refused("xmpp_nick_fixed", "your nick is your login name here");
            }
            checkNick(nick);
            if (nick.equals(s.nick())) {
                r.reply(Replies.ok());
                return;
            }
            VisitorSession holder = byNick.get(fold(nick));
            if (holder != null && holder != s || fold(nick).equals(fold(options.nick()))) {
                r.reply(Replies.failure(XmppRefusal.NICK_TAKEN, "the nick " + nick + " is taken", suggest(nick)));
                return;
            }
            if (s.isChangingNick()) {
                throw new Refused("xmpp_nick_changing", "a nick change is under way; try again when it is done");
            }
            s.changeNick(nick);  // the change comes as nick events (or an xmpp_nick_taken error event)
            r.reply(Replies.ok());
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        }
    }

    private void privmsg(ServiceRequest r) {
        try {
            VisitorSession s = active(r.clientId());
            String channel = Replies.text(r.data(), "channel");
            String to = Replies.text(r.data(), "to");
            String text = Replies.text(r.data(), "text");
            if (channel == null || to == null || text == null) {
                throw new Refused("xmpp_bad_data", "{\"channel\": \"room\", \"to\": \"nick\", \"text\": \"...\"}");
            }
            String room = mapping.allowed(channel);
            String problem = XmppText.targetProblem(to);
            if (problem != null) {
                throw new Refused("xmpp_bad_target", "to must be a nick in the room: " + problem);
            }
            XmppText.checkOutgoing(text, options.textMax());
            s.sendPrivate(room, to, text);
            r.reply(Replies.ok());
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        }
    }

    private void topic(ServiceRequest r) {
        try {
            VisitorSession s = active(r.clientId());
            String channel = Replies.text(r.data(), "channel");
            String text = Replies.text(r.data(), "text");
            if (channel == null || text == null) {
                throw new Refused("xmpp_bad_data", "{\"channel\": \"room\", \"text\": \"...\"}");
            }
            String room = mapping.allowed(channel);
            XmppText.checkOutgoing(text, options.textMax());
            s.setSubject(room, mapping.toBayeux(room).name(), text);
            r.reply(Replies.ok());  // the room's reflection is the topic event (the occupant publishes it)
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        }
    }

    private void presence(ServiceRequest r) {
        try {
            VisitorSession s = active(r.clientId());
            String show = Replies.text(r.data(), "show");
            String status = Replies.text(r.data(), "status");
            Presence.Mode mode = show == null ? Presence.Mode.available : SHOWS.get(show.toLowerCase(Locale.ROOT));
            if (mode == null) {
                throw new Refused("xmpp_bad_data", "show must be one of available, chat, away, xa, dnd");
            }
            if (status != null) {
                XmppText.checkOutgoing(status, options.textMax());
            }
            s.presence(mode, status);
            r.reply(Replies.ok());
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        }
    }

    private VisitorSession active(String clientId) throws Refused {
        VisitorSession s = byClient.get(clientId);
        if (s == null) {
            throw new Refused("xmpp_not_logged_in", "log in first");
        }
        if (!s.isActive()) {
            throw new Refused("xmpp_not_connected", "your XMPP session is not connected now");
        }
        return s;
    }

    // ---- Bayeux side ----

    /** Tracks every client's subscribed rooms (a later login joins them) and joins/leaves for logged-in ones. */
    public void onSubscription(SubscriptionEvent e) {
        String room = e.clientId() == null ? null : mapping.roomOrNull(e.subscription());
        if (room == null) {
            return;
        }
        VisitorSession s = byClient.get(e.clientId());
        if (e.subscribed()) {
            subscriptions.computeIfAbsent(e.clientId(), k -> new LinkedHashSet<>()).add(room);
            if (s != null) {
                s.join(room);
            }
        } else {
            Set<String> rooms = subscriptions.get(e.clientId());
            if (rooms != null) {
                rooms.remove(room);
                if (rooms.isEmpty()) {
                    subscriptions.remove(e.clientId());
                }
            }
            // a client that ended keeps its session in its rooms until the grace is over
            if (s != null && channels.client(e.clientId()).isPresent()) {
                s.leave(room);
            }
        }
    }

    /**
     * {@code clientId} ended: its session (if any) is closed {@code personal.grace} later, unless a new page takes it
     * over ({@link VisitorGrace}).
     */
    public void clientEnded(String clientId) {
        subscriptions.remove(clientId);
        loginRate.forget(clientId);
        VisitorSession s = byClient.get(clientId);
        if (s != null) {
            grace.clientEnded(s);  // ends after personal.grace unless a new page takes it over
        }
    }

    // ---- for VisitorSession (plugin thread) ----

    /**
     * The session ended (logout, grace, failure): the client may log in again. Its nick stays held until its
     * connection is closed if it ever logged in (rooms may still have it), else it is free at once.
     */
    void ended(VisitorSession s) {
        flood.discard(s.clientId);
        byClient.remove(s.clientId, s);
        if (!s.everLoggedIn()) {
            byNick.values().removeIf(v -> v == s);
        }
    }

    /**
     * The session's connection is closed: it no longer counts against {@code personal.max}, and its nick is free
     * (before, the rooms still have it: a new login under it would meet a conflict there).
     */
    void terminated(VisitorSession s) {
        live--;
        byNick.values().removeIf(v -> v == s);
    }

    /** {@code s} serves {@code clientId} from now on (a takeover, {@link VisitorGrace}). */
    void changeOwner(VisitorSession s, String clientId) {
        byClient.remove(s.clientId, s);
        s.clientId = clientId;
        byClient.put(clientId, s);
    }

    void nickChanged(VisitorSession s, String old, String nick) {
        byNick.remove(fold(old), s);
        byNick.put(fold(nick), s);
    }

    List<String> subscribedRooms(String clientId) {
        return List.copyOf(subscriptions.getOrDefault(clientId, Set.of()));
    }

    boolean isSubscribed(String clientId, String room) {
        return subscriptions.getOrDefault(clientId, Set.of()).contains(room);
    }

    void toClient(String clientId, ObjectNode event) {
        channels.deliver(clientId, eventsChannel(), event);
    }

    void toClient(String clientId, String channel, ObjectNode event) {
        channels.deliver(clientId, channel, event);
    }

    String eventsChannel() {
        return service + "events";
    }

    /** Refuses when {@code clientId} already has {@code flood.queue} lines waiting for its bucket. */
    void checkFlood(String clientId) throws Refused {
        if (flood.pending(clientId) >= options.floodQueue()) {
            throw new Refused("xmpp_flood_queue_full", "flood queue is full (" + options.floodQueue()
                    + " lines waiting); slow down and retry");
        }
    }

    /** Whether {@code clientId}'s flood bucket can queue {@code lines} more lines now. */
    boolean hasFloodRoom(String clientId, int lines) {
        return flood.pending(clientId) + lines <= options.floodQueue();
    }

    /** Releases {@code send} at {@code clientId}'s flood rate (at once when it has a token). */
    void pace(String clientId, Runnable send) {
        flood.offer(clientId, send);  // cannot be full: checkFlood came first on this (the only offering) thread
    }

    void schedule(Runnable task, long millis) {
        work.schedule(task, millis);
    }

    Instant now() {
        return clock.instant();
    }

    /** A free-looking variant of {@code nick}: not one of our visitors', valid. */
    String suggest(String nick) {
        return NickSuggestions.suggest(nick, 32, s -> !isTaken(s) && validNick(s));
    }

    // ---- nicks ----

    private void checkNick(String nick) throws Refused {
        if (nick == null) {
            throw new Refused(XmppText.BAD_NICK, "a nick is required");
        }
        XmppText.checkNick(nick);
        if (!options.nickPattern().matcher(nick).matches()) {
            throw new Refused(XmppText.BAD_NICK, "nick must match " + options.nickPattern().pattern());
        }
    }

    private boolean validNick(String nick) {
        return XmppText.nickProblem(nick) == null && options.nickPattern().matcher(nick).matches();
    }

    /** Held by another visitor of ours, or the occupant's nick (the server may still refuse others). */
    private boolean isTaken(String nick) {
        return byNick.containsKey(fold(nick)) || fold(nick).equals(fold(options.nick()));
    }

    /** Nicks compare case-insensitively here, so a suggestion never differs from a held nick by case alone. */
    private static String fold(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    /** A nick already held, with a suggestion: answered like IRC's {@code irc_nick_taken}. */
    private static final class NickTaken extends Exception {
        private static final long serialVersionUID = 1L;
        final String suggestion;

        NickTaken(String message, String suggestion) {
            super(message);
            this.suggestion = suggestion;
        }
    }
}
