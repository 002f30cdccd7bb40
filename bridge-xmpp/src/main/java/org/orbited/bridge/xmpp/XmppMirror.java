package org.orbited.bridge.xmpp;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.bridge.common.TextRules;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorInstances;
import org.orbited.bridge.common.mirror.MirrorOptions;
import org.orbited.bridge.common.mirror.MirrorPolicy;
import org.orbited.bridge.common.mirror.MirrorReceiver;
import org.orbited.bridge.common.mirror.MirrorRoutes;
import org.orbited.bridge.common.mirror.MirrorStats;
import org.orbited.bridge.common.mirror.MirrorSubscriptions;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror mode over MUC rooms (docs/xmpp.md "Mirror mode"): Bayeux channels matching {@code mirror} travel through
 * hidden, password-protected rooms on the {@code muc} service, so the subscribers on every node of a cluster see each
 * other's publications with no node-to-node link. The IRC bridge's mirror, with rooms for IRC channels; the frames,
 * routes, reassembly, checks and counters are the shared ones ({@code org.orbited.bridge.common.mirror}).
 *
 * <p><b>Sending.</b> {@link ServerChannels#listen} reports every publication on a mirrored channel except this
 * plugin's own, so what the mirror received and published here is never sent back; nor does it carry what any
 * bridge instance published ({@link MirrorInstances}). Each publication gets this node's origin token and the next
 * sequence number of its room, is encoded ({@link MirrorCodec}; one groupchat body per message,
 * {@link XmppMirrorCarriers}) and goes out through a {@link FloodQueue} ({@code mirror.rate},
 * {@code mirror.burst}). While the occupant is not in the room (connecting, reconnecting, joining) frames wait, at
 * most {@code mirror.queue} per room; frames still queued when the link drops are never sent (counted
 * {@code link_lost}).
 *
 * <p><b>Joining.</b> The occupant is in a mirror room while a local client is subscribed to a name the route may
 * carry or while it sent within {@code join.grace}; it leaves after {@code join.grace} when neither holds, and
 * rejoins after every reconnect ({@link #linkUp}) and 5 s after a refused join or a removal. Rooms are entered by
 * {@link XmppMirrorRoom} (password {@code mirror.key}, no history, created hidden when missing).
 *
 * <p><b>Receiving.</b> A groupchat body in a mirror room goes to the {@link MirrorReceiver} (sender key: the
 * occupant's nick); a verified, new message is published locally with {@link ServerChannels#publish}. The room
 * reflects our own frames back to us: those are recognised by our nick, unique to this node and start
 * ({@value #NICK_SUFFIX_CHARS} characters of the origin token after {@code nick}), and not counted as drops. Mirror rooms never
 * reach the relay or a browser: {@link #policy} refuses their Bayeux names.
 *
 * <p><b>Threads.</b> State lives on the plugin's thread ({@code executor}); Smack callbacks hand over to it. A daemon
 * timer {@code SECTION-mirror-timer} ({@code xmpp-mirror-timer}) runs flood releases, grace checks and join retries;
 * a daemon io thread {@code SECTION-mirror-io} runs every blocking Smack call (join, configure, send, leave), its
 * queue bounded.
 */
final class XmppMirror {
    private static final Logger LOG = LoggerFactory.getLogger(XmppMirror.class);
    /** Wait before entering a room again after a refused join or a removal. */
    static final long JOIN_RETRY_MILLIS = 5_000;
    /**
     * The receiver's bounds, the IRC bridge's: partial messages in all and per sender nick (a message is one body
     * here, so partials only come from a peer that framed smaller), origins remembered, and how far a message's
     * {@code sent} time may be from this node's clock.
     */
    static final int MAX_PARTIALS = 256;
    static final int MAX_PARTIALS_PER_NICK = 4;
    static final int MAX_ORIGINS = 4096;
    static final long MAX_AGE_MILLIS = TimeUnit.MINUTES.toMillis(5);
    /**
     * The occupant's nick in mirror rooms is {@code nick}, a dash and this many characters of the origin token
     * (new at each start). Unique per node and start: prosody makes sessions of one account that use one nick a
     * single occupant (so nodes sharing the bridge account would see each other's frames as their own reflection),
     * and a restarted node never waits for its previous session to leave.
     */
    static final int NICK_SUFFIX_CHARS = 6;

    /** Per route state (plugin thread, except the volatile fields the flood sink reads). */
    private static final class State {
        final MirrorRoutes.Route route;
        final EntityBareJid room;
        final ArrayDeque<String> held = new ArrayDeque<>();
        volatile boolean joined;
        volatile int joinEpoch;
        volatile XmppMirrorRoom membership;
        boolean entering;
        int subscribedNames;
        long lastSendNanos = Long.MIN_VALUE / 2;
        boolean wanted;
        int generation;
        long seq;

        State(MirrorRoutes.Route route, EntityBareJid room) {
            this.route = route;
            this.room = room;
        }
    }

    /** One frame in the flood queue, with the join it was queued under. */
    private record Line(String text, int joinEpoch) {
    }

    private final XmppOptions options;
    private final MirrorOptions mirror;
    private final ServerChannels channels;
    private final Executor executor;
    private final BridgeCodes codes = new BridgeCodes("xmpp");
    private final XmppMirrorNames names;
    private final MirrorRoutes routes;
    private final MirrorCodec codec;
    private final MirrorReceiver receiver;
    private final MirrorStats stats;
    private final String origin;
    private final String nick;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor io;
    private final FloodQueue<Line> flood;
    private final Map<String, State> byCarrier;
    private final Map<MirrorRoutes.Route, State> states = new LinkedHashMap<>();
    private final MirrorSubscriptions subscriptions;
    private final XmppMirrorRoom.Events roomEvents = new RoomEvents();
    private final java.util.Set<String> carrierLocalparts;
    private volatile Supplier<XMPPConnection> connection;
    private XMPPConnection link;  // plugin thread: the occupant's connection, null while the link is down
    private int linkEpoch;
    private volatile boolean stopped;

    /**
     * @param options  the section (mirror mode on: {@code options.mirror()} not null)
     * @param executor the plugin's serial executor (every state change runs there)
     */
    XmppMirror(XmppOptions options, ServerChannels channels, Executor executor) {
        this.options = options;
        this.mirror = options.mirror();
        this.channels = channels;
        this.executor = executor;
        this.names = new XmppMirrorNames(options.mapping().muc(), mirror.prefix());
        this.routes = new MirrorRoutes(mirror);
        this.subscriptions = new MirrorSubscriptions(routes);
        this.codec = new MirrorCodec(mirror.secret(), XmppMirrorCarriers.INSTANCE);
        this.stats = new MirrorStats(LOG, "XMPP " + options.section());
        this.origin = newOrigin();
        this.nick = options.nick() + "-" + origin.substring(0, NICK_SUFFIX_CHARS);
        this.receiver = new MirrorReceiver(routes, codec, mirror.maxBytes(), origin, System::currentTimeMillis,
                new MirrorReceiver.Limits(MAX_PARTIALS, MAX_PARTIALS_PER_NICK, TimeUnit.SECONDS.toNanos(60),
                        MAX_ORIGINS, MAX_AGE_MILLIS));
        String thread = options.tag() + "-mirror-";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, thread + "timer"));
        this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(mirror.queue() + 4 * mirror.patterns().size()), r -> daemon(r, thread + "io"));
        this.flood = new FloodQueue<>(codes, mirror.rate(), mirror.burst(), mirror.queue(),
                (task, nanos) -> later(task, nanos, TimeUnit.NANOSECONDS), System::nanoTime, this::write);
        Map<String, State> carriers = new HashMap<>();
        for (MirrorRoutes.Route r : routes.all()) {
            State s = new State(r, names.room(r.carrier()));
            states.put(r, s);
            carriers.put(r.carrier(), s);
        }
        this.byCarrier = Map.copyOf(carriers);
        this.carrierLocalparts = java.util.Set.copyOf(states.values().stream()
                .map(st -> st.room.getLocalpart().toString()).toList());
    }

    /** The bare JID of the room that carries {@code bayeuxChannel} under {@code options}, or null (tests, logs). */
    static EntityBareJid carrierRoom(XmppOptions options, String bayeuxChannel) {
        MirrorRoutes.Route r = new MirrorRoutes(options.mirror()).route(bayeuxChannel);
        return r == null ? null : new XmppMirrorNames(options.mapping().muc(), options.mirror().prefix()).room(r.carrier());
    }

    /** A fresh origin token: 16 lowercase base32 characters (80 random bits), as the frame format requires. */
    static String newOrigin() {
        byte[] token = new byte[10];
        new SecureRandom().nextBytes(token);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder(16);
        long bits = 0;
        int n = 0;
        for (byte b : token) {
            bits = bits << 8 | (b & 0xFF);
            n += 8;
            while (n >= 5) {
                out.append(alphabet.charAt((int) (bits >>> (n - 5)) & 31));
                n -= 5;
            }
        }
        return out.toString();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Listens to the mirrored channels and watches subscriptions (plugin thread, during start). */
    void register() {
        for (MirrorRoutes.Route r : routes.all()) {
            channels.listen(r.pattern().name(), m -> onPublish(r, m));
            LOG.info("XMPP {} mirror: {} via {}", options.section(), r.pattern().name(), names.room(r.carrier()));
        }
        channels.watchSubscriptions("/**", this::onSubscription);
    }

    /**
     * The scoped policy: publications on mirrored channels over {@code mirror.max_bytes} are refused
     * ({@code xmpp_mirror_too_large}), and so is every subscription or publication on the Bayeux name of a mirror
     * room ({@code xmpp_mirror_channel}), whatever the {@code rooms} allowlist says.
     */
    SecurityPolicy policy() {
        return new MirrorPolicy(options.mapping().channelPrefix(), names::isCarrier, routes, mirror.maxBytes(), codes);
    }

    /**
     * The link's callbacks with the mirror in between, as the IRC bridge's mirror sits between its connection and
     * its relay: everything goes on to {@code next} (the relay) except stanzas of mirror rooms, which no browser
     * ever sees; a login makes the mirror enter its rooms on the connection {@link #attach} gives.
     */
    XmppLink.Callbacks between(XmppLink.Callbacks next) {
        return new XmppLink.Callbacks() {
            @Override
            public void onStatus(String status, String code, String reason) {
                next.onStatus(status, code, reason);
            }

            @Override
            public void onAuthenticated(String jid) {
                next.onAuthenticated(jid);
                Supplier<XMPPConnection> s = connection;
                XMPPConnection c = s == null ? null : s.get();
                if (c != null) {
                    linkUp(c);
                }
            }

            @Override
            public void onStanza(XmppEventTranslator.Incoming incoming) {
                if (!carrierLocalparts.contains(incoming.room())) {
                    next.onStanza(incoming);
                }
            }
        };
    }

    /** Where {@link #between} finds the link's connection after a login: the link's authenticated connection. */
    void attach(Supplier<XMPPConnection> linkConnection) {
        this.connection = linkConnection;
    }

    /**
     * The bridge's occupant is logged in on {@code c}, a new session (any thread). Mirror rooms are (re)entered on
     * it; its loss is seen through a listener this adds to {@code c}.
     */
    void linkUp(XMPPConnection c) {
        executor.execute(() -> onLinkUp(c));
    }

    /** Counters ({@code sent.messages}, {@code received.messages}, {@code dropped.<reason>} ...). */
    MirrorStats stats() {
        return stats;
    }

    MirrorRoutes routes() {
        return routes;
    }

    /** Stops the timer and the io thread; the link's disconnect takes the occupant out of the rooms. */
    void stop() {
        stopped = true;
        timer.shutdownNow();
        io.shutdownNow();
    }

    /** Runs {@code task} on the timer after a delay; nothing once stopped. */
    private void later(Runnable task, long delay, TimeUnit unit) {
        try {
            timer.schedule(task, delay, unit);
        } catch (RejectedExecutionException stopping) {
            // stopped: nothing more to do
        }
    }

    // ---- plugin thread: the link ----

    private void onLinkUp(XMPPConnection c) {
        linkEpoch++;
        link = c;
        int epoch = linkEpoch;
        states.values().forEach(this::forgetMembership);
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                executor.execute(() -> linkDown(epoch));
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                executor.execute(() -> linkDown(epoch));
            }
        });
        if (!c.isAuthenticated()) {
            linkDown(epoch);  // closed before the listener was added
            return;
        }
        states.values().stream().filter(s -> s.wanted).forEach(this::enter);
    }

    private void linkDown(int epoch) {
        if (epoch != linkEpoch || link == null) {
            return;
        }
        link = null;
        states.values().forEach(this::forgetMembership);
    }

    private void forgetMembership(State s) {
        s.joined = false;
        s.membership = null;
        s.entering = false;
    }

    // ---- plugin thread: Bayeux side ----

    private void onSubscription(SubscriptionEvent e) {
        subscriptions.onSubscription(e, r -> {
            State s = states.get(r);
            s.subscribedNames++;
            want(s);
        }, r -> {
            State s = states.get(r);
            s.subscribedNames--;
            scheduleIdleCheck(s);
        });
    }

    private void onPublish(MirrorRoutes.Route listened, PublishedMessage m) {
        MirrorRoutes.Route r = routes.route(m.channel());
        if (r != listened) {
            return;  // carried by an earlier pattern (heard there too), or not mirrored
        }
        if (MirrorInstances.byBridge(m)) {
            stats.drop("by_bridge", m.channel() + ": published by " + m.pluginName() + ", a bridge instance of this"
                    + " node: what a bridge publishes on a mirrored channel is another mirror's delivery, never"
                    + " carried again; make the instances' mirror patterns disjoint");
            return;
        }
        String json;
        try {
            json = MirrorCodec.toJson(m.data());  // non-XML characters escaped: a body cannot carry them
        } catch (IllegalArgumentException e) {
            stats.drop("unserializable", m.channel() + ": " + e.getMessage());
            return;
        }
        int size = TextRules.utf8Length(json);
        if (size > mirror.maxBytes()) {
            stats.drop("too_large", m.channel() + ": " + size + " bytes from " + m.origin()
                    + " over mirror.max_bytes " + mirror.maxBytes() + " (published here, not carried)");
            return;
        }
        State s = states.get(r);
        XmppMirrorRoom room = s.membership;
        List<String> frames = codec.encode(r.carrier(), origin, ++s.seq, System.currentTimeMillis(), m.channel(),
                json, room == null ? nick : room.nick());
        s.lastSendNanos = System.nanoTime();
        want(s);
        scheduleIdleCheck(s);
        if (!s.joined) {
            if (s.held.size() + frames.size() > mirror.queue()) {
                stats.drop("queue_full", m.channel() + ": " + s.held.size() + " frames wait for the join");
                return;
            }
            s.held.addAll(frames);
        } else {
            offer(s, frames);
        }
        stats.count("sent.messages");
    }

    private void offer(State s, List<String> frames) {
        String target = s.route.carrier();
        if (flood.pending(target) + frames.size() > mirror.queue()) {
            stats.drop("queue_full", target + ": " + flood.pending(target) + " frames queued (mirror.queue)");
            return;
        }
        try {
            for (String f : frames) {
                flood.offer(target, new Line(f, s.joinEpoch));
            }
        } catch (FloodQueueFullException e) {
            stats.drop("queue_full", target + ": " + e.getMessage());  // not expected: checked above, one offerer
        }
    }

    /**
     * FloodQueue sink (under its lock, never blocks): hands the frame to the io thread. A frame queued before the
     * link dropped, or under an earlier join, is not sent ({@code link_lost}).
     */
    private void write(String target, Line line) {
        State s = byCarrier.get(target);
        XmppMirrorRoom room = s == null ? null : s.membership;
        if (room == null || !s.joined || s.joinEpoch != line.joinEpoch()) {
            stats.drop("link_lost", target + ": a frame queued before the link dropped or the room was left");
            return;
        }
        try {
            io.execute(() -> {
                try {
                    room.send(line.text());
                    stats.count("sent.frames");
                } catch (Exception e) {
                    stats.drop("not_sent", target + ": " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            stats.drop("not_sent", target + ": the send queue is full (the link is not writing)");
        }
    }

    private void want(State s) {
        s.generation++;  // cancels a pending leave
        if (!s.wanted) {
            s.wanted = true;
            enter(s);
        }
    }

    private void enter(State s) {
        if (link == null || s.entering || s.joined) {
            return;
        }
        s.entering = true;
        XMPPConnection c = link;
        int epoch = linkEpoch;
        long timeout = options.replyTimeout().toMillis();
        String key = mirror.key();
        try {
            io.execute(() -> {
                try {
                    XmppMirrorRoom room = XmppMirrorRoom.enter(c, s.room, nick, key, timeout, roomEvents);
                    executor.execute(() -> entered(s, epoch, room, null));
                } catch (Exception e) {
                    executor.execute(() -> entered(s, epoch, null, e));
                }
            });
        } catch (RejectedExecutionException e) {
            entered(s, epoch, null, e);
        }
    }

    private void entered(State s, int epoch, XmppMirrorRoom room, Exception failure) {
        if (epoch != linkEpoch) {
            return;  // that connection is gone, and the membership with it
        }
        s.entering = false;
        if (failure != null) {
            stats.count("join_failed");
            LOG.warn("XMPP {} mirror: could not enter {}: {} (again in {} s; mirror.key must be the same on every"
                    + " node)", options.section(), s.room, describe(failure), JOIN_RETRY_MILLIS / 1000);
            retryLater(s, epoch);
            return;
        }
        if (!s.wanted) {
            leave(room);
            return;
        }
        int stale = flood.discard(s.route.carrier());
        if (stale > 0) {
            stats.drop("link_lost", s.room + ": " + stale + " frames queued before the link dropped, not sent after"
                    + " the rejoin");
        }
        s.membership = room;
        s.joinEpoch++;
        s.joined = true;
        LOG.info("XMPP {} mirror: in {} as {}{}", options.section(), s.room, room.nick(),
                room.created() ? " (created it)" : "");
        List<String> held = new ArrayList<>(s.held);
        s.held.clear();
        offer(s, held);
    }

    private void retryLater(State s, int epoch) {
        later(() -> executor.execute(() -> {
            if (epoch == linkEpoch && s.wanted) {
                enter(s);
            }
        }), JOIN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void scheduleIdleCheck(State s) {
        int generation = s.generation;
        later(() -> executor.execute(() -> leaveIfIdle(s, generation)), options.joinGrace().toMillis() + 1,
                TimeUnit.MILLISECONDS);
    }

    private void leaveIfIdle(State s, int generation) {
        long graceNanos = options.joinGrace().toNanos();
        if (s.generation != generation || !s.wanted || s.subscribedNames > 0
                || System.nanoTime() - s.lastSendNanos < graceNanos || !s.held.isEmpty()
                || flood.pending(s.route.carrier()) > 0) {
            if (s.generation == generation && s.wanted && s.subscribedNames == 0) {
                scheduleIdleCheck(s);  // still sending: look again later
            }
            return;
        }
        s.wanted = false;
        XmppMirrorRoom room = s.membership;
        forgetMembership(s);
        if (room != null) {
            leave(room);
        }
    }

    private void leave(XmppMirrorRoom room) {
        try {
            io.execute(room::leave);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.warn("XMPP {} mirror: could not leave {}: the io queue is full", options.section(), room);
            }
        }
    }

    // ---- Smack threads -> plugin thread ----

    private final class RoomEvents implements XmppMirrorRoom.Events {
        @Override
        public void body(XmppMirrorRoom room, String sender, String body, boolean delayed) {
            long at = System.nanoTime();
            executor.execute(() -> received(room, sender, body, delayed, at));
        }

        @Override
        public void removed(XmppMirrorRoom room, String why) {
            executor.execute(() -> removedFrom(room, why));
        }
    }

    private void received(XmppMirrorRoom room, String sender, String body, boolean delayed, long at) {
        room.drain();
        if (sender != null && sender.equals(room.nick())) {
            stats.count("received.reflections");  // the room reflects what we sent
            return;
        }
        State s = stateOf(room);
        if (s == null) {
            return;
        }
        if (sender == null || delayed) {
            stats.drop(delayed ? "history" : "not_a_frame", (delayed ? "history" : "a message from the room itself")
                    + " in " + s.room);
            return;
        }
        MirrorReceiver.Result result = receiver.accept(s.route, sender, body, at);
        if (result.dropped() != null) {
            stats.drop(result.dropped(), "from " + sender + " in " + s.room);
        } else if (result.complete()) {
            stats.count("received.messages");
            channels.publish(result.bayeuxChannel(), result.data());
        }
    }

    private void removedFrom(XmppMirrorRoom room, String why) {
        State s = stateOf(room);
        if (s == null || s.membership != room || stopped) {
            return;  // an earlier membership, or one we left
        }
        if (!room.linkAlive()) {
            return;  // the link ended: linkDown() forgets every membership, the next login enters again
        }
        LOG.warn("XMPP {} mirror: out of {}: {}", options.section(), s.room, why);
        forgetMembership(s);
        leave(room);  // removes its listeners
        if (s.wanted) {
            retryLater(s, linkEpoch);
        }
    }

    private State stateOf(XmppMirrorRoom room) {
        for (State s : states.values()) {
            if (s.room.equals(room.jid())) {
                return s;
            }
        }
        return null;
    }

    private static String describe(Exception e) {
        if (e instanceof org.jivesoftware.smack.XMPPException.XMPPErrorException x && x.getStanzaError() != null) {
            return "the room refused: " + x.getStanzaError().getCondition().toString().toLowerCase(Locale.ROOT);
        }
        return e.toString();
    }
}
