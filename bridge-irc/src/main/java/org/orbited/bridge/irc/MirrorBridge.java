package org.orbited.bridge.irc;

import com.google.common.io.BaseEncoding;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.TextRules;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorInstances;
import org.orbited.bridge.common.mirror.MirrorOptions;
import org.orbited.bridge.common.mirror.MirrorPolicy;
import org.orbited.bridge.common.mirror.MirrorReceiver;
import org.orbited.bridge.common.mirror.MirrorRoutes;
import org.orbited.bridge.common.mirror.MirrorStats;
import org.orbited.bridge.common.mirror.MirrorSubscriptions;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror mode (the cluster backbone, docs/irc.md "Mirror mode"): Bayeux channels matching {@code mirror} travel
 * through IRC channels ({@link MirrorRoutes}) so the subscribers on every node of a cluster see each other's
 * publications, with no node-to-node link.
 *
 * <p><b>Sending.</b> {@link ServerChannels#listen} reports every publication on a mirrored channel except this
 * plugin's own, so what the mirror received from IRC and published here is never sent back (no echo loop); nor does
 * it carry what another IRC-bridge instance published ({@link MirrorInstances}: no loop between instances, whose
 * patterns may not overlap). Each
 * publication gets this node's origin token and the next sequence number of its IRC channel, is encoded
 * ({@link MirrorCodec}) and goes out through a {@link FloodQueue} ({@code mirror.rate}, {@code mirror.burst}). While
 * the bridge is not in the IRC channel (connecting, reconnecting, joining), lines wait, at most
 * {@code mirror.queue} per channel; a message that does not fit is not carried (counted, WARN). Lines still in the
 * flood queue when the link drops are never written: not into a dead link, nor after the rejoin (counted
 * {@code link_lost}, WARN). A client's
 * publication over {@code mirror.max_bytes} is refused by {@link MirrorPolicy} before anyone receives it;
 * one from an Orbit-port application or a plugin is published locally but not carried (counted, WARN).
 *
 * <p><b>Joining.</b> The bridge is in a mirror IRC channel while a local Bayeux client is subscribed to a name the
 * route may carry (a channel or a pattern that overlaps it) or while it sent within {@code join.grace}; it parts
 * after {@code join.grace} when neither holds, and rejoins after every reconnect. Joining uses {@code mirror.key};
 * the first member (channel operator) sets {@code +snt} and {@code +k}.
 *
 * <p><b>Receiving.</b> A PRIVMSG in a mirror channel goes to the {@link MirrorReceiver}; a verified, new message is
 * published locally with {@link ServerChannels#publish}. Events of mirror channels never reach the relay (so never
 * a browser); everything else is passed on to {@code next}: every callback ({@link ForwardingCallbacks}), so server
 * refusals, the {@code disconnected} status's code and CHANLIMIT reach the relay with mirror mode on.
 *
 * <p><b>Threads.</b> State lives on the plugin's thread ({@code executor}); connection callbacks (reader/io threads)
 * hand over to it; one daemon timer {@code irc-NET-mirror-timer} runs flood releases and grace checks.
 */
final class MirrorBridge extends ForwardingCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorBridge.class);

    /** Per route state (plugin thread). */
    private static final class State {
        final MirrorRoutes.Route route;
        final ArrayDeque<String> held = new ArrayDeque<>();
        /** Read by the flood queue's sink (timer thread): lines of an earlier join are never written. */
        volatile boolean joined;
        volatile int joinEpoch;
        int subscribedNames;
        long lastSendNanos = Long.MIN_VALUE / 2;
        boolean wanted;
        int generation;
        long seq;

        State(MirrorRoutes.Route route) {
            this.route = route;
        }
    }

    private final IrcOptions options;
    private final MirrorOptions mirror;
    private final ServerChannels channels;
    private final Executor executor;
    private final Supplier<ChannelMapping> mapping;
    private final MirrorRoutes routes;
    private final MirrorCodec codec;
    private final MirrorReceiver receiver;
    private final MirrorStats stats;
    private final String origin;
    private final ScheduledExecutorService timer;
    private final FloodQueue<Line> flood;
    private final Map<String, State> byTarget;
    private final Map<MirrorRoutes.Route, State> states = new LinkedHashMap<>();
    private final MirrorSubscriptions subscriptions;
    private NetworkConnection connection;
    private volatile String nick;

    MirrorBridge(IrcOptions options, ServerChannels channels, Executor executor, Supplier<ChannelMapping> mapping,
                 NetworkConnection.Callbacks next) {
        super(next);
        this.options = options;
        this.mirror = options.mirror();
        this.channels = channels;
        this.executor = executor;
        this.mapping = mapping;
        this.routes = new MirrorRoutes(mirror);
        this.subscriptions = new MirrorSubscriptions(routes);
        this.codec = new MirrorCodec(mirror.secret(), IrcMirrorCarriers.INSTANCE);
        this.stats = new MirrorStats(LOG, "IRC " + options.network());
        byte[] token = new byte[10];
        new SecureRandom().nextBytes(token);
        this.origin = BaseEncoding.base32().omitPadding().lowerCase().encode(token);
        this.receiver = new MirrorReceiver(routes, codec, mirror.maxBytes(), origin, System::currentTimeMillis,
                receiverLimits(mirror));
        this.nick = options.nick();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "irc-" + options.network() + "-mirror-timer");
            t.setDaemon(true);
            return t;
        });
        this.flood = new FloodQueue<>(IrcCodes.CODES, mirror.rate(), mirror.burst(), mirror.queue(),
                (task, nanos) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS), System::nanoTime, this::write);
        routes.all().forEach(r -> states.put(r, new State(r)));
        Map<String, State> targets = new HashMap<>();
        states.values().forEach(st -> targets.put(st.route.carrier(), st));
        this.byTarget = Map.copyOf(targets);
    }

    /** One frame in the flood queue, with the join it was queued under. */
    private record Line(String text, int joinEpoch) {
    }

    /** Partial messages allowed in all and per sender nick, origins remembered, and how old a message may be. */
    static final int MAX_PARTIALS = 256;
    static final int MAX_PARTIALS_PER_NICK = 4;
    static final int MAX_ORIGINS = 4096;
    static final long MAX_AGE_MILLIS = TimeUnit.MINUTES.toMillis(5);

    /**
     * The receiver's bounds. A partial message may take 60 s, or longer when the largest message at
     * {@code mirror.rate} needs more (twice its sending time: the same section runs on every node).
     */
    static MirrorReceiver.Limits receiverLimits(MirrorOptions mirror) {
        int fragments = IrcMirrorCarriers.maxFragments(MirrorCodec.maxPayloadBytes(mirror.maxBytes()));
        long timeoutNanos = Math.max(TimeUnit.SECONDS.toNanos(60), (long) (2e9 * fragments / mirror.rate()));
        return new MirrorReceiver.Limits(MAX_PARTIALS, MAX_PARTIALS_PER_NICK, timeoutNanos, MAX_ORIGINS,
                MAX_AGE_MILLIS);
    }

    /** Wires the connection; then {@link #register} the Bayeux side. */
    void attach(NetworkConnection connection) {
        this.connection = connection;
    }

    /** Listens to the mirrored channels and watches subscriptions (plugin thread, during start). */
    void register() {
        for (MirrorRoutes.Route r : routes.all()) {
            channels.listen(r.pattern().name(), m -> onPublish(r, m));
            LOG.info("IRC {} mirror: {} via {}", options.network(), r.pattern().name(), r.carrier());
        }
        channels.watchSubscriptions("/**", this::onSubscription);
    }

    /** The policy refusing oversized publications and /irc/ names of mirror channels. */
    MirrorPolicy policy() {
        String root = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(options.network()) + "/";
        return new MirrorPolicy(root, this::isMirrorChannel, routes, mirror.maxBytes(), IrcCodes.CODES);
    }

    /** Whether {@code id} (under this network's root) is the Bayeux name of a mirror channel; any thread. */
    private boolean isMirrorChannel(ChannelId id) {
        ChannelMapping m = mapping.get();
        try {
            return m.fold(m.toIrc(id)).startsWith(m.fold(mirror.prefix()));
        } catch (ChannelRefusedException refused) {
            return false;  // IrcSecurityPolicy refuses it with its own code
        }
    }

    MirrorStats stats() {
        return stats;
    }

    MirrorRoutes routes() {
        return routes;
    }

    void stop() {
        timer.shutdownNow();
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
            if (m.pluginName().startsWith("xmpp")) {
                stats.drop("by_xmpp_bridge", m.channel() + ": published by " + m.pluginName() + ", an XMPP bridge"
                        + " instance of this node whose mirror patterns overlap this one's: it carries that"
                        + " publication itself; make the bridges' mirror patterns disjoint");
            } else {
                stats.drop("by_irc_bridge", m.channel() + ": published by " + m.pluginName() + ", another IRC bridge"
                        + " instance of this node whose mirror patterns overlap this one's: each publication crosses"
                        + " once per instance; make the instances' mirror patterns disjoint");
            }
            return;
        }
        String json;
        try {
            json = MirrorCodec.toJson(m.data());
        } catch (IllegalArgumentException e) {
            stats.drop("unserializable", m.channel() + ": " + e.getMessage());
            return;
        }
        if (TextRules.utf8Length(json) > mirror.maxBytes()) {
            stats.drop("too_large", m.channel() + ": " + TextRules.utf8Length(json) + " bytes from " + m.origin()
                    + " over mirror.max_bytes " + mirror.maxBytes() + " (published here, not carried)");
            return;
        }
        State s = states.get(r);
        List<String> frames = codec.encode(r.carrier(), origin, ++s.seq, System.currentTimeMillis(), m.channel(),
                json, nick);
        s.lastSendNanos = System.nanoTime();
        want(s);
        scheduleIdleCheck(s);
        if (!s.joined) {
            if (s.held.size() + frames.size() > mirror.queue()) {
                stats.drop("queue_full", m.channel() + ": " + s.held.size() + " lines wait for the join");
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
            stats.drop("queue_full", target + ": " + flood.pending(target) + " lines queued (mirror.queue)");
            return;
        }
        for (String f : frames) {
            flood.offer(target, new Line(f, s.joinEpoch));  // fits: checked above, and only this thread offers
        }
    }

    /**
     * FloodQueue sink (under its lock, never blocks: the connection queues the write). A line queued before the
     * link dropped, or under an earlier join, is not written (the channel is not joined, or a reconnect began a new
     * join): counted as {@code link_lost}.
     */
    private void write(String target, Line line) {
        State s = byTarget.get(target);
        if (s != null && (!s.joined || s.joinEpoch != line.joinEpoch())) {
            stats.drop("link_lost", target + ": a line queued before the link dropped or the channel was left");
            return;
        }
        connection.message(target, line.text()).whenComplete((ok, failure) -> {
            if (failure != null) {
                stats.drop("not_sent", target + ": " + failure.getMessage());
            } else {
                stats.count("sent.frames");
            }
        });
    }

    private void want(State s) {
        s.generation++;  // cancels a pending part
        if (!s.wanted) {
            s.wanted = true;
            if (connection.isRegistered()) {
                join(s);
            }
        }
    }

    private void join(State s) {
        String irc = s.route.carrier();
        connection.command(mirror.key() == null ? "JOIN " + irc : "JOIN " + irc + " " + mirror.key());
    }

    private void scheduleIdleCheck(State s) {
        int generation = s.generation;
        timer.schedule(() -> executor.execute(() -> partIfIdle(s, generation)),
                options.joinGrace().toMillis() + 1, TimeUnit.MILLISECONDS);
    }

    private void partIfIdle(State s, int generation) {
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
        s.joined = false;
        connection.part(s.route.carrier());
    }

    // ---- connection callbacks (reader/io threads) ----

    @Override
    public void onStatus(String status, String reason) {
        super.onStatus(status, reason);
        linkStatus(status);
    }

    @Override
    public void onStatus(String status, String code, String reason) {
        super.onStatus(status, code, reason);  // the relay's browsers get the code (LinkFailure)
        linkStatus(status);
    }

    private void linkStatus(String status) {
        if (!"connected".equals(status) && !"connecting".equals(status)) {
            executor.execute(() -> states.values().forEach(s -> s.joined = false));
        }
    }

    @Override
    public void onRegistered(String registeredNick) {
        super.onRegistered(registeredNick);
        executor.execute(() -> {
            nick = registeredNick;
            states.values().stream().filter(s -> s.wanted).forEach(this::join);
        });
    }

    @Override
    public void onEvent(IrcEventTranslator.Delivery d) {
        List<String> rest = new ArrayList<>();
        List<String> mine = new ArrayList<>();
        ChannelMapping m = mapping.get();
        for (String c : d.channels()) {
            (routes.byCarrier(c, m::fold) != null ? mine : rest).add(c);
        }
        BridgeEvent event = d.event();
        if (!mine.isEmpty() || event.type() == BridgeEvent.Type.NICK) {
            long at = System.nanoTime();
            executor.execute(() -> mirrorEvent(event, mine, at));
        }
        if (mine.isEmpty()) {
            next.onEvent(d);
        } else if (!rest.isEmpty() || event.type() == BridgeEvent.Type.NICK) {
            next.onEvent(new IrcEventTranslator.Delivery(List.copyOf(rest), event));  // the relay follows its nick
        }
    }

    private void mirrorEvent(BridgeEvent event, List<String> ircChannels, long at) {
        if (event.type() == BridgeEvent.Type.NICK && nick.equals(event.sender())) {
            nick = event.nick();
        }
        for (String c : ircChannels) {
            MirrorRoutes.Route r = routes.byCarrier(c, mapping.get()::fold);
            State s = r == null ? null : states.get(r);
            if (s == null) {
                continue;
            }
            switch (event.type()) {
                case MESSAGE -> received(r, event, at);
                case ACTION, NOTICE -> stats.drop("not_a_frame", event.type() + " from " + event.sender() + " in " + c);
                case JOIN -> {
                    if (nick.equals(event.sender()) && !s.joined && s.wanted) {
                        int stale = flood.discard(s.route.carrier());
                        if (stale > 0) {
                            stats.drop("link_lost", s.route.carrier() + ": " + stale
                                    + " lines queued before the link dropped, not sent after the rejoin");
                        }
                        s.joinEpoch++;
                        s.joined = true;
                        List<String> held = new ArrayList<>(s.held);
                        s.held.clear();
                        offer(s, held);
                    }
                }
                case NAMES -> {
                    List<String> names = event.names() == null ? List.of() : event.names();
                    if (names.size() == 1 && names.get(0).equals("@" + nick)) {
                        connection.command("MODE " + c + " +snt" + (mirror.key() == null ? "" : "k " + mirror.key()));
                    }
                }
                default -> { }
            }
        }
    }

    private void received(MirrorRoutes.Route r, BridgeEvent event, long at) {
        MirrorReceiver.Result result = receiver.accept(r, event.sender(), event.text(), at);
        if (result.dropped() != null) {
            stats.drop(result.dropped(), "from " + event.sender() + " in " + r.carrier());
        } else if (result.complete()) {
            stats.count("received.messages");
            channels.publish(result.bayeuxChannel(), result.data());
        }
    }
}
