package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay mode for one MUC service: which rooms the bridge's occupant is in, what it reads there, and the lines it
 * says for visitors; the sibling of IRC's {@code RelayBridge} (docs/xmpp.md "Relay mode", "Events").
 *
 * <p><b>Threads.</b> All state lives on the plugin's thread: {@link #onSubscription}, {@link #sayRelay} and
 * {@link #clientEnded} run there, and everything the {@link XmppLink} reports (io and Smack threads) is handed over
 * with {@code executor}. Timers (grace, rejoin, flood releases, echo expiry) run on one daemon thread
 * {@code <section>-relay-timer} that only hands work back to {@code executor}; sends go to the link's io thread.
 *
 * <p><b>Joining.</b> The first subscriber of {@code /xmpp/<muc>/<room>} makes the room wanted and joins it (now, or
 * at login), within {@code join.max} rooms ({@link ChannelLimits}); the last subscriber leaving starts
 * {@code join.grace}, after which the occupant leaves. After every login the occupant rejoins every wanted room by
 * itself (never Smack's auto-join). A taken nick makes it try {@code nick1}, {@code nick2} ... in that room. A
 * refused join gives a {@code join_refused} status with the refusal's code and is retried after
 * {@link #REFUSED_RETRY_MINUTES} min or at the next subscription; a kick gives {@code kicked} and a rejoin with
 * backoff (1 s, 2 s ... 60 s).
 *
 * <p><b>Reading.</b> The occupant is the only reader of room traffic, in every mode. Occupants present at the join
 * and the room's history fill the {@link RoomState} silently; the room's subject (sent after its history) ends the
 * join, and every client waiting for it gets, <b>to itself only</b> ({@code deliver}), the {@code names} event, the
 * {@code topic} event and the kept history (each item {@code "history": true}). A client subscribing later gets the
 * same at once. After a rejoin (the link came back), history the occupant had not seen goes once to current
 * subscribers; the new names list is published. Live events (message, action, notice, join, part, nick, kick,
 * topic, presence) are published to every subscriber.
 *
 * <p><b>Relaying</b> ({@link #sayRelay}). The room's state decides whether a visitor's line may be said (subscribed,
 * connected, not refused) and whether it is held until joined; {@link RelayedLines} builds, paces and sends it, and
 * the occupant publishes its canonical event ({@code "web":true,"relay":true}, {@code sender} the relayed name) when
 * the room reflects it (decision 5), through {@link #echoes}, which visitor sessions use too. A room error for it, a
 * failed send or no reflection within 30 s reach the speaker alone as an {@code error} event. Every refusal known at
 * the call is thrown back to the say service.
 */
final class XmppRelay implements XmppLink.Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(XmppRelay.class);
    static final long REFUSED_RETRY_MINUTES = 5;
    static final long REJOIN_MAX_MILLIS = 60_000;
    /** After our own presence, the subject ends the join's history; without one the join ends after this long. */
    static final long WELCOME_WAIT_MILLIS = 3_000;
    /** Fallback nicks tried after a conflict: nick1 .. nick9. */
    static final int MAX_NICK_FALLBACK = 9;

    private final XmppOptions options;
    private final RoomMapping mapping;
    private final ServerChannels channels;
    private final Executor executor;
    private final Clock clock;
    private final ChannelLimits limits;
    private final BridgeCodes codes = new BridgeCodes("xmpp");
    private final ScheduledExecutorService timer;
    private final RelayedLines lines;
    private final RoomEchoes echoes;
    private final Map<String, RoomState> wanted = new HashMap<>();  // room localpart -> state
    private XmppLink link;

    XmppRelay(XmppOptions options, RoomMapping mapping, ServerChannels channels, Executor executor, Clock clock,
              ChannelLimits limits) {
        this.options = options;
        this.mapping = mapping;
        this.channels = channels;
        this.executor = executor;
        this.clock = clock;
        this.limits = limits;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, options.tag() + "-relay-timer");
            t.setDaemon(true);
            return t;
        });
        FloodQueue.Scheduler later = (task, nanos) -> {
            try {
                timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the bridge stopped: queued lines are dropped with it
            }
        };
        this.lines = new RelayedLines(options, mapping, channels, clock, codes, later, () -> link);
        this.echoes = lines.echoes();
        timer.scheduleWithFixedDelay(() -> executor.execute(lines::expireEchoes), 5, 5, TimeUnit.SECONDS);
    }

    void attach(XmppLink link) {
        this.link = link;
    }

    /** Where speakers register the lines whose reflection publishes their canonical event. Thread-safe. */
    OutgoingLines echoes() {
        return echoes;
    }

    /**
     * The per-room flood queue ({@code flood.channel.*}), keyed by room localpart, for every line the node sends to
     * a room (relayed and visitor sessions'); offered tasks are sends that must not block. Thread-safe.
     */
    FloodQueue<Runnable> roomFlood() {
        return lines.roomFlood();
    }

    void stop() {
        timer.shutdownNow();
    }

    // ---- plugin thread: Bayeux side ----

    void onSubscription(SubscriptionEvent e) {
        ChannelId id = ChannelId.tryParse(e.subscription()).orElse(null);
        String room = id == null || id.isWildcard() ? null : mapping.roomOrNull(id.name());
        if (room == null) {
            return;
        }
        RoomState w = wanted.get(room);
        String client = e.clientId();
        if (!e.subscribed()) {
            if (client != null) {
                limits.unsubscribed(client, room);
            }
            if (w != null) {
                if (client != null) {
                    w.subscribers.remove(client);
                    w.awaiting.remove(client);
                }
                if (e.remaining() == 0) {
                    RoomState idle = w;
                    w.partTimer(schedule(() -> leaveIfIdle(room, idle), options.joinGrace().toMillis()));
                }
            }
            return;
        }
        if (client != null) {
            limits.subscribed(client, room);
        }
        if (w == null) {
            if (wanted.size() >= limits.max() && !evictIdle()) {
                error(client, id.name(), room, codes.of("too_many_channels"), "the bridge is in " + wanted.size()
                        + " rooms, the most it may be in; " + room + " is not joined");
                return;
            }
            w = new RoomState(room, id.name(), mapping.roomJid(room), options.nick(), options.historyMax());
            wanted.put(room, w);
            limits.wanted(room, id.name());
            if (client != null) {
                w.subscribers.add(client);
                w.awaiting.add(client);
            }
            if (link.isAuthenticated()) {
                join(w);
            }
            return;
        }
        w.cancelPart();
        if (client == null) {
            return;
        }
        w.subscribers.add(client);
        if (w.state == RoomState.State.JOINED) {
            welcome(w, client, true);
        } else {
            w.awaiting.add(client);
            if (w.state == RoomState.State.REFUSED && link.isAuthenticated()) {
                join(w);  // a new subscriber: try again now
            }
        }
    }

    /** {@code clientId} ended (plugin thread): forgotten everywhere (its flood entries go once sent). */
    void clientEnded(String clientId) {
        for (RoomState w : wanted.values()) {
            w.subscribers.remove(clientId);
            w.awaiting.remove(clientId);
        }
    }

    private boolean evictIdle() {
        for (Map.Entry<String, RoomState> entry : wanted.entrySet()) {
            if (channels.subscriberCount(entry.getValue().bayeux) == 0) {
                leave(entry.getKey(), entry.getValue());
                return true;
            }
        }
        return false;
    }

    private void leaveIfIdle(String room, RoomState w) {
        if (wanted.get(room) == w && channels.subscriberCount(w.bayeux) == 0) {
            leave(room, w);
        }
    }

    private void leave(String room, RoomState w) {
        wanted.remove(room);
        limits.unwanted(room);
        w.cancelAll();
        fail(w, codes.of("not_sent"), "not sent: the bridge left room " + room + " (no subscriber left)");
        for (RoomEchoes.Pending p : echoes.takeRoom(room)) {
            error(p.clientId(), w.bayeux, room, codes.of("not_confirmed"), "the bridge left room " + room
                    + " before the room showed the line");
        }
        if (link.isAuthenticated()) {
            link.leave(w.jid);
        }
    }

    // ---- joining ----

    private void join(RoomState w) {
        if (w.joinInFlight) {
            return;  // one join at a time per room (a subscription and a login may both ask)
        }
        w.joinInFlight = true;
        w.state = RoomState.State.JOINING;
        w.leftRoom();
        w.cancelRejoin();
        String room = w.room;
        link.join(w.jid, w.nick, options.historyMax()).whenComplete((ok, failure) -> executor.execute(() -> {
            w.joinInFlight = false;
            if (wanted.get(room) != w) {
                return;  // left meanwhile
            }
            if (failure == null) {
                if (w.state == RoomState.State.JOINING) {
                    w.state = RoomState.State.HISTORY;  // our presence was seen before the answer: normal
                    w.welcomeTimer(schedule(() -> endOfHistory(w), WELCOME_WAIT_MILLIS));
                }
                return;
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause()
                    : failure;
            if (cause instanceof XmppLink.JoinFailure jf && jf.refusal != null) {
                if (jf.refusal.code().equals(XmppRefusal.NICK_TAKEN) && w.nickFallback < MAX_NICK_FALLBACK) {
                    w.nickFallback++;
                    w.nick = options.nick() + w.nickFallback;
                    LOG.info("XMPP {}: nick {} taken in {}; trying {}", options.tag(), options.nick(), room, w.nick);
                    join(w);
                    return;
                }
                refused(w, jf.refusal);
            } else if (link.isAuthenticated()) {
                LOG.info("XMPP {}: joining {} failed: {}", options.tag(), room, cause.getMessage());
                rejoinLater(w);
            }
        }));
    }

    private void refused(RoomState w, XmppRefusal refusal) {
        w.state = RoomState.State.REFUSED;
        w.refusal = "the room refused the bridge's join of " + w.room + ": " + refusal.message();
        LOG.info("XMPP {}: {}", options.tag(), w.refusal);
        fail(w, codes.of("join_refused"), w.refusal);
        status(w, "join_refused", refusal.code(), w.refusal);
        w.nickFallback = 0;
        w.nick = options.nick();
        w.rejoinTimer(schedule(() -> {
            if (w.state == RoomState.State.REFUSED && link.isAuthenticated() && wanted.get(w.room) == w) {
                join(w);
            }
        }, TimeUnit.MINUTES.toMillis(REFUSED_RETRY_MINUTES)));
    }

    private void rejoinLater(RoomState w) {
        long delay = Math.min(REJOIN_MAX_MILLIS, 1000L << Math.min(16, w.rejoins++));
        w.rejoinTimer(schedule(() -> {
            if (wanted.get(w.room) == w && w.state == RoomState.State.JOINING && link.isAuthenticated()
                    && channels.subscriberCount(w.bayeux) > 0) {
                join(w);
            }
        }, delay));
    }

    /** The join's history is over (the subject arrived, or the wait ran out): the room is joined. */
    private void endOfHistory(RoomState w) {
        if (w.state != RoomState.State.HISTORY || wanted.get(w.room) != w) {
            return;
        }
        w.cancelWelcome();
        w.state = RoomState.State.JOINED;
        w.rejoins = 0;
        boolean rejoin = w.everJoined;
        w.everJoined = true;
        var now = clock.instant();
        if (rejoin) {
            channels.publish(w.bayeux, w.names(now));
            for (String client : w.subscribers) {
                if (!w.awaiting.contains(client)) {
                    for (RoomState.Kept k : w.gap) {
                        channels.deliver(client, w.bayeux, k.json().deepCopy().put("history", true));
                    }
                }
            }
        }
        w.gap.clear();
        for (String client : new ArrayList<>(w.awaiting)) {
            welcome(w, client, !rejoin);  // after a rejoin the names went to everyone just now
        }
        w.awaiting.clear();
        for (RelayedLines.Line l : w.takeHeld()) {
            lines.stage(l);
        }
    }

    /** Names (unless {@code names} is false), topic and history to one new subscriber of a joined room, to it alone. */
    private void welcome(RoomState w, String client, boolean names) {
        var now = clock.instant();
        if (names) {
            channels.deliver(client, w.bayeux, w.names(now));
        }
        ObjectNode topic = w.topic(now);
        if (topic != null) {
            channels.deliver(client, w.bayeux, topic);
        }
        for (ObjectNode h : w.history()) {
            channels.deliver(client, w.bayeux, h);
        }
    }

    // ---- relaying (plugin thread) ----

    /** Mode allows relay. */
    boolean allowsRelay() {
        return options.mode().allowsRelay();
    }

    /**
     * Relays what {@code clientId} says in {@code target} through the occupant.
     *
     * @return who the line is published as; {@code publishNow} false (published on the room's reflection)
     * @throws Refused with the code to answer the say call with; nothing was sent then
     */
    Spoken sayRelay(String clientId, Target target, JsonNode request, boolean action)
            throws Refused {
        String room = target.key();
        RoomState w = wanted.get(room);
        if (!limits.isSubscribed(clientId, room)) {
            throw new Refused(codes.of("not_subscribed"), "subscribe to " + target.bayeux() + " first");
        }
        if (w == null) {
            throw new Refused(codes.of("too_many_channels"), "the bridge is not in room " + room
                    + ": it is in the most rooms it may be in");
        }
        if (!link.isAuthenticated()) {
            throw new Refused(codes.of("not_connected"), "the bridge is not connected to XMPP now");
        }
        if (w.state == RoomState.State.REFUSED) {
            throw new Refused(codes.of("join_refused"), w.refusal);
        }
        boolean joined = w.state == RoomState.State.JOINED;
        RelayedLines.Line line = lines.line(clientId, room, w.bayeux, request, action, joined ? -1 : w.held.size());
        if (joined) {
            lines.stage(line);
        } else {
            w.held.add(line);
        }
        return new Spoken(line.sender(), line.text(), false);
    }

    /**
     * Whether the occupant can read {@code target} now, for a line a visitor session is about to say there: the
     * occupant is the only reader of room traffic, so a line it cannot see would reach no browser (and its speaker
     * would get {@code xmpp_not_confirmed} 30 s later). Checked at the call, before the session sends.
     *
     * @throws Refused {@code xmpp_too_many_channels} (the bridge is not in the room), {@code xmpp_not_connected},
     *                 {@code xmpp_join_refused} (with the refusal) or {@code xmpp_not_joined} (a join or rejoin is
     *                 under way, e.g. after a kick)
     */
    void checkReadable(Target target) throws Refused {
        String room = target.key();
        RoomState w = wanted.get(room);
        if (w == null) {
            throw new Refused(codes.of("too_many_channels"), "the bridge is not in room " + room
                    + ": it is in the most rooms it may be in");
        }
        if (!link.isAuthenticated()) {
            throw new Refused(codes.of("not_connected"), "the bridge is not connected to XMPP now");
        }
        if (w.state == RoomState.State.REFUSED) {
            throw new Refused(codes.of("join_refused"), w.refusal);
        }
        if (w.state == RoomState.State.JOINING) {
            throw new Refused(codes.of("not_joined"), "the bridge is not in room " + room
                    + " now (joining); no one would see the line");
        }
    }

    private void error(String clientId, String bayeux, String room, String code, String message) {
        lines.error(clientId, bayeux, room, code, message);
    }

    /** Fails every line held or queued for {@code w} by the relay, each with an error event to its speaker. */
    private void fail(RoomState w, String code, String message) {
        List<RelayedLines.Line> lost = new ArrayList<>(w.takeHeld());
        for (RelayedLines.Line l : lost) {
            error(l.clientId(), l.bayeux(), l.room(), code, message);
        }
    }

    /** Runs a task on the plugin thread after {@code millis}; null once stopped (nothing more is scheduled). */
    private ScheduledFuture<?> schedule(Runnable onPluginThread, long millis) {
        try {
            return timer.schedule(() -> executor.execute(onPluginThread), millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return null;
        }
    }

    private void status(RoomState w, String status, String code, String text) {
        if (channels.subscriberCount(w.bayeux) > 0) {
            BridgeEvent event = BridgeEvent.status(w.room, status, text, clock.instant());
            channels.publish(w.bayeux, (code != null ? event.withCode(code) : event).toJson());
        }
    }

    // ---- link callbacks (io, timer and Smack threads): hand over to the plugin thread ----

    @Override
    public void onStatus(String status, String code, String reason) {
        executor.execute(() -> {
            boolean down = !"connected".equals(status) && !"connecting".equals(status);
            for (RoomState w : wanted.values()) {
                if (down && w.state != RoomState.State.REFUSED) {
                    if (w.state == RoomState.State.JOINED || w.state == RoomState.State.HISTORY) {
                        w.state = RoomState.State.JOINING;
                    }
                    w.leftRoom();
                    w.cancelWelcome();
                }
                status(w, status, code, reason);
            }
        });
    }

    @Override
    public void onAuthenticated(String jid) {
        executor.execute(() -> {
            for (RoomState w : wanted.values()) {
                w.nickFallback = 0;
                w.nick = options.nick();
                join(w);  // joins queue on the io thread, one after another
            }
        });
    }

    @Override
    public void onStanza(XmppEventTranslator.Incoming in) {
        executor.execute(() -> {
            RoomState w = wanted.get(in.room());
            if (w == null) {
                return;  // left meanwhile, or a room we never wanted
            }
            if (in instanceof XmppEventTranslator.Said s) {
                said(w, s);
            } else if (in instanceof XmppEventTranslator.Occupant o) {
                occupant(w, o);
            } else if (in instanceof XmppEventTranslator.StanzaRefusal r && !r.presence()) {
                RoomEchoes.Pending p = echoes.refused(w.room, r.stanzaId());
                if (p != null) {
                    XmppRefusal refusal = XmppRefusal.of(r.error(), XmppRefusal.What.MESSAGE);
                    error(p.clientId(), w.bayeux, w.room, refusal.code(), "not delivered: " + refusal.message());
                }
            }
        });
    }

    private void said(RoomState w, XmppEventTranslator.Said s) {
        if (s.subject()) {
            w.topic = s.event().text();
            w.topicSetter = s.event().sender();
            if (w.state == RoomState.State.HISTORY) {
                endOfHistory(w);  // the subject follows the history of a join
            } else if (w.state == RoomState.State.JOINED) {
                channels.publish(w.bayeux, s.toJson(false));
            }
            return;
        }
        RoomEchoes.Pending mine = s.history() ? null : echoes.reflected(w.room, s.stanzaId());
        ObjectNode json = mine != null
                ? BridgeEvent.fromWeb(mine.action(), w.room, mine.sender(), mine.text(), s.event().time(),
                        mine.relayed()).toJson()
                : s.toJson(false);
        String key = dedupKey(s);
        if (s.history()) {
            if (w.state == RoomState.State.HISTORY || w.state == RoomState.State.JOINING) {
                if (w.keep(key, json) && w.everJoined) {
                    w.gap.add(new RoomState.Kept(key, json));  // new to us: the gap of the outage
                }
            } else if (w.keep(key, json)) {
                channels.publish(w.bayeux, json.deepCopy().put("history", true));
            }
            return;
        }
        if (mine == null && isMe(w, s.nick()) && w.state != RoomState.State.JOINED) {
            return;  // our own line reflected during a rejoin: published already
        }
        w.keep(key, json);
        channels.publish(w.bayeux, json);
    }

    /**
     * The key a message is deduplicated by against the kept history (the last {@code history.max} lines: the
     * window): its sender and stanza id; for a line without an id (prosody adds one, other servers may not) its
     * sender, type and text, since its time differs live (receive time) and in history (the server's stamp). Two
     * id-less lines with the same sender and text within the window count as one for history.
     */
    static String dedupKey(XmppEventTranslator.Said s) {
        return s.stanzaId() != null ? "id:" + s.nick() + "|" + s.stanzaId()
                : "t:" + s.nick() + "|" + s.event().type().wireName() + "|" + s.event().text();
    }

    private boolean isMe(RoomState w, String nick) {
        return nick != null && nick.equals(w.nick);
    }

    private void occupant(RoomState w, XmppEventTranslator.Occupant o) {
        var now = clock.instant();
        boolean live = w.state == RoomState.State.HISTORY || w.state == RoomState.State.JOINED;
        if (o.self()) {
            self(w, o);
            return;
        }
        if (o.available()) {
            RoomState.Member before = w.members.put(o.nick(), new RoomState.Member(o.prefix(), o.show(), o.status()));
            if (!live) {
                return;
            }
            if (before == null) {
                publish(w, BridgeEvent.of(BridgeEvent.Type.JOIN, w.room, o.nick(), null, now), o);
            }
            if (before == null ? !o.prefix().isEmpty() : !before.prefix().equals(o.prefix())) {
                channels.publish(w.bayeux, w.names(now));  // a moderator came, or a role changed: who is who now
            }
            if (before != null && options.presence() && (!java.util.Objects.equals(before.show(), o.show())
                    || !java.util.Objects.equals(before.status(), o.status()))) {
                publish(w, BridgeEvent.presence(w.room, o.nick(), o.show() == null ? "available" : o.show(),
                        o.status(), now), o);
            }
            return;
        }
        RoomState.Member gone = w.members.remove(o.nick());
        if (!live) {
            return;
        }
        if (o.newNick() != null) {
            if (gone != null) {
                w.members.put(o.newNick(), gone);
            }
            publish(w, BridgeEvent.nickChange(o.nick(), o.newNick(), now).withChannel(w.room), o);
        } else if (o.kicked() || o.banned()) {
            BridgeEvent kick = BridgeEvent.kick(w.room, o.actor(), o.nick(), o.reason(), now);
            publish(w, o.banned() ? kick.withCode(XmppRefusal.BANNED) : kick, o);
        } else {
            publish(w, BridgeEvent.of(BridgeEvent.Type.PART, w.room, o.nick(), o.status(), now), o);
        }
    }

    private void publish(RoomState w, BridgeEvent event, XmppEventTranslator.Occupant o) {
        channels.publish(w.bayeux, (o.occupantId() != null ? event.withOccupant(o.occupantId()) : event).toJson());
    }

    /** A presence about the occupant itself (status 110). */
    private void self(RoomState w, XmppEventTranslator.Occupant o) {
        if (o.available()) {
            w.nick = o.nick();  // the room may have changed it
            w.members.put(o.nick(), new RoomState.Member(o.prefix(), o.show(), o.status()));
            if (w.state == RoomState.State.JOINING) {
                w.state = RoomState.State.HISTORY;
                w.welcomeTimer(schedule(() -> endOfHistory(w), WELCOME_WAIT_MILLIS));
            }
            return;
        }
        if (o.newNick() != null) {
            w.members.remove(o.nick());
            w.nick = o.newNick();
            return;
        }
        if (w.state == RoomState.State.JOINING) {
            return;  // our own leave before a rejoin
        }
        // removed from the room: kicked, banned, room destroyed, or shut down
        w.state = RoomState.State.JOINING;
        w.leftRoom();
        w.cancelWelcome();
        link.forget(w.jid);
        String why = "the bridge was " + (o.banned() ? "banned from " : o.kicked() ? "kicked out of " : "removed from ")
                + w.room + (o.actor() == null ? "" : " by " + o.actor()) + (o.reason() == null ? "" : ": " + o.reason());
        LOG.info("XMPP {}: {}", options.tag(), why);
        fail(w, codes.of("kicked"), "not sent: " + why);
        status(w, "kicked", o.banned() ? XmppRefusal.BANNED : codes.of("kicked"), why);
        rejoinLater(w);
    }
}
