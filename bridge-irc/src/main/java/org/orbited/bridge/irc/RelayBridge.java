package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.bridge.common.VisitorFlood;
import org.orbited.bridge.common.VisitorNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay mode for one network: which IRC channels the bridge is in, and the traffic both ways.
 *
 * <p><b>Threads.</b> All state lives on the plugin's thread: {@link #onSubscription} and {@link #say} run there
 * (plugin callbacks), and everything the {@link NetworkConnection} reports (reader/io threads) is handed over with
 * {@code executor}. Timers (join grace, rejoin, flood releases) run on one daemon thread {@code irc-NET-timer} that
 * only hands work back to {@code executor} or to the connection, so nothing here blocks the plugin thread.
 *
 * <p><b>Joining.</b> The first subscriber of {@code /irc/net/<channel>} makes the channel wanted and joins it (now,
 * or on registration; JOINs are paced and batched by the connection), within {@link ChannelLimits#max()} channels:
 * a channel only waiting out its grace is parted at once to make room, else the subscriber gets an
 * {@code irc_too_many_channels} error event (the policy normally refused the subscribe before). The last subscriber
 * leaving starts the {@code join.grace} timer (one per channel), after which the channel is parted unless someone
 * subscribed again. On every (re)registration all wanted channels are joined again. A subscriber arriving while the
 * bridge is in the channel gets its {@code names} and {@code topic} at once, to itself ({@link ChannelRoster}).
 *
 * <p><b>Kicks and refused joins</b> ({@link ChannelRejoins}): a {@code kicked} or {@code join_refused} status,
 * every line held or queued for the channel failed to its speaker, rejoins with backoff (kick) or after
 * {@link ChannelRejoins#REFUSED_RETRY_MINUTES} minutes or at the next subscription (refusal). Other server
 * refusals about a wanted channel (404 cannot send, ...) reach its subscribers as {@code error} events.
 *
 * <p><b>Relaying.</b> A visitor's {@code say} ({@link SayService}) becomes PRIVMSG lines ({@link RelayMessage}),
 * held until the bridge's JOIN is seen (at most {@code flood.queue} lines), then paced per visitor
 * ({@link VisitorFlood}, {@code flood.visitor.*}) and per IRC channel by the channel {@link FloodQueue}
 * ({@code flood.channel.*}, {@link #channelFlood}, shared with the personal connections). Every refusal known at
 * the call is thrown back to the service before anyone sees anything; a line that fails later (link dropped,
 * kick) is reported to its speaker alone as an {@code error} event; nothing is dropped silently. IRC servers do
 * not echo a client's own PRIVMSG, so IRC users see a line once and the say service publishes it once.
 */
final class RelayBridge implements NetworkConnection.Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(RelayBridge.class);

    private final IrcOptions options;
    private final ServerChannels channels;
    private final Executor executor;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final FloodQueue<Runnable> flood;  // per folded IRC channel, shared with personal connections
    private final VisitorFlood<WantedChannel.Line> visitors;       // per relayed visitor, before the channel's queue
    private final ChannelRejoins rejoins;      // kicks, refused joins, status events
    private final ChannelLimits limits;
    private final VisitorNames names;          // the name a relayed visitor appears under
    private final Map<String, WantedChannel> wanted = new HashMap<>();  // folded IRC name -> state
    private volatile ChannelMapping mapping;
    private NetworkConnection connection;
    private volatile String nick;  // written on the plugin thread, read by other threads too
    private PersonalEchoes echoes = new PersonalEchoes(System::nanoTime);

    RelayBridge(IrcOptions options, ServerChannels channels, Executor executor, Clock clock, ChannelLimits limits) {
        this.options = options;
        this.names = new VisitorNames(options.nickPattern(), options.guestPrefix(), options.guestSuffix(),
                IrcCodes.CODES);
        this.channels = channels;
        this.executor = executor;
        this.clock = clock;
        this.limits = limits;
        this.mapping = options.mapping();
        this.nick = options.nick();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "irc-" + options.network() + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.flood = new FloodQueue<>(IrcCodes.CODES, options.channelFloodRate(), options.channelFloodBurst(),
                options.channelFloodQueue(), (task, nanos) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS),
                System::nanoTime, (channel, send) -> send.run());
        this.visitors = new VisitorFlood<>(IrcCodes.CODES, options.visitorFloodRate(), options.visitorFloodBurst(),
                options.visitorFloodQueue(), flood, options.channelFloodQueue(), options.channelFloodRate(),
                (task, nanos) -> timer.schedule(() -> executor.execute(task), nanos, TimeUnit.NANOSECONDS),
                executor, System::nanoTime, WantedChannel.Line::clientId, this::send);
        this.rejoins = new ChannelRejoins(options.network(), channels, clock, this::schedule,
                (folded, w) -> wanted.get(folded) == w, () -> connection, this::fail);
    }

    /**
     * The network's per-IRC-channel flood queue, keyed by the channel's folded name ({@code flood.channel.rate},
     * {@code .burst}, {@code .queue}); offered tasks are sends that must not block. Thread-safe.
     */
    FloodQueue<Runnable> channelFlood() {
        return flood;
    }

    void attach(NetworkConnection connection) {
        this.connection = connection;
    }

    /**
     * The lines personal connections said into channels: their IRC copies, read back by the bridge's connection, are
     * not republished (the say service published each already); matched by content, never by nick alone.
     */
    void speakingAsThemselves(PersonalEchoes echoes) {
        this.echoes = echoes;
    }

    /** The current mapping (the server's CASEMAPPING applied); read by the security policy on any thread. */
    ChannelMapping mapping() {
        return mapping;
    }

    /** The bridge's nick now (the line budget depends on it). */
    String nick() {
        return nick;
    }

    /** {@code clientId} ended (plugin thread): its visitor flood entry goes once its lines are sent. */
    void clientEnded(String clientId) {
        visitors.ended(clientId);
    }

    void stop() {
        timer.shutdownNow();
    }

    // ---- plugin thread: Bayeux side ----

    void onSubscription(SubscriptionEvent e) {
        ChannelId id = ChannelId.tryParse(e.subscription()).orElse(null);
        String irc = ircName(id);
        if (irc == null) {
            return;
        }
        String folded = mapping.fold(irc);
        WantedChannel w = wanted.get(folded);
        if (!e.subscribed()) {
            if (e.clientId() != null) {
                limits.unsubscribed(e.clientId(), folded);
            }
            if (e.remaining() == 0 && w != null) {
                w.partTimer(schedule(() -> partIfIdle(folded, w), options.joinGrace().toMillis()));
            }
            return;
        }
        if (e.clientId() != null) {
            limits.subscribed(e.clientId(), folded);
        }
        if (w == null) {
            if (wanted.size() >= limits.max() && !evictIdle()) {
                error(e.clientId(), id.name(), "irc_too_many_channels", "the bridge is in " + wanted.size()
                        + " IRC channels, the most it may be in; " + irc + " is not joined");
                return;
            }
            WantedChannel added = new WantedChannel(irc, id.name(), n -> mapping.fold(n));
            wanted.put(folded, added);
            limits.wanted(folded, id.name());
            if (connection.isRegistered()) {
                connection.join(irc);
            }
            return;
        }
        w.cancelPart();
        if (w.state == WantedChannel.State.REFUSED && connection.isRegistered()) {
            w.state = WantedChannel.State.JOINING;  // a new subscriber: try again now
            connection.join(w.ircName);
        } else if (w.state == WantedChannel.State.JOINED && w.roster.isKnown() && e.clientId() != null) {
            channels.deliver(e.clientId(), w.bayeux, w.roster.names(w.ircName, nick, clock.instant()).toJson());
            BridgeEvent topic = w.roster.topic(w.ircName, clock.instant());
            if (topic != null) {
                channels.deliver(e.clientId(), w.bayeux, topic.toJson());
            }
        }
    }

    /** Parts a channel left without subscribers to make room; false when every wanted channel has subscribers. */
    private boolean evictIdle() {
        for (Map.Entry<String, WantedChannel> entry : wanted.entrySet()) {
            if (channels.subscriberCount(entry.getValue().bayeux) == 0) {
                leave(entry.getKey(), entry.getValue());
                return true;
            }
        }
        return false;
    }

    private void partIfIdle(String folded, WantedChannel w) {
        if (wanted.get(folded) == w && channels.subscriberCount(w.bayeux) == 0) {
            leave(folded, w);
        }
    }

    private void leave(String folded, WantedChannel w) {
        wanted.remove(folded);
        limits.unwanted(folded);
        w.cancelPart();
        w.cancelRejoin();
        fail(w, "irc_not_sent", "not sent: the bridge left " + w.ircName + " (no subscriber left)");
        connection.part(w.ircName);
    }

    /**
     * Relays what {@code clientId} says in {@code irc} (an allowed channel) through the bridge; {@code data} is the
     * say request ({@code text}, optional {@code name}).
     *
     * @return the name IRC users see the line under (guest affixes included)
     * @throws Refused with the code to answer the call with; nothing was sent or published then
     */
    String say(String clientId, String irc, JsonNode data, boolean action) throws Refused {
        String folded = mapping.fold(irc);
        WantedChannel w = wanted.get(folded);
        if (!limits.isSubscribed(clientId, folded)) {
            throw new Refused("irc_not_subscribed", "subscribe to " + mapping.toBayeux(irc) + " first");
        }
        if (w == null) {
            throw new Refused("irc_too_many_channels", "the bridge is not in " + irc
                    + ": it is in the most channels it may be in");
        }
        if (!connection.isRegistered()) {
            throw new Refused("irc_not_connected", "the bridge is not connected to IRC now");
        }
        if (w.state == WantedChannel.State.REFUSED) {
            throw new Refused("irc_join_refused", w.refusal);
        }
        Identity who = channels.client(clientId).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        String visitor = names.of(who, clientId, data);
        List<String> lines = RelayMessage.lines(options, nick, irc, visitor, data, action);
        boolean joined = w.state == WantedChannel.State.JOINED;
        int waiting = joined ? flood.pending(folded) : w.held.size();
        if (waiting + lines.size() > (joined ? options.channelFloodQueue() : options.floodQueue())) {
            throw new Refused(IrcCodes.CODES.of("flood_queue_full"), "too many lines waiting for " + irc);
        }
        visitors.admit(clientId, lines.size(), joined ? 0
                : (int) w.held.stream().filter(l -> l.clientId().equals(clientId)).count());
        for (String l : lines) {
            WantedChannel.Line line = new WantedChannel.Line(clientId, w.bayeux, l);
            if (joined) {
                visitors.stage(new VisitorFlood.Pending<>(folded, w.ircName, line));  // waits there, never refused
            } else {
                w.held.add(line);
            }
        }
        return visitor;
    }

    private String ircName(ChannelId id) {
        if (id == null || id.isWildcard()) {
            return null;
        }
        try {
            return mapping.toIrc(id);
        } catch (ChannelRefusedException e) {
            return null;
        }
    }

    private void error(String clientId, String channel, String code, String message) {
        if (clientId != null) {
            channels.deliver(clientId, channel, BridgeEvent.error(code, message, clock.instant()));
        }
    }

    /**
     * Fails every line held or queued for {@code w} by the relay (personal connections' lines in the shared queue
     * stay), each with an error event to its speaker.
     */
    private void fail(WantedChannel w, String code, String message) {
        List<WantedChannel.Line> lost = new java.util.ArrayList<>(w.takeHeld());
        lost.addAll(visitors.take(mapping.fold(w.ircName)));
        for (WantedChannel.Line l : lost) {
            error(l.clientId(), l.bayeuxChannel(), code, message);
        }
    }

    private java.util.concurrent.ScheduledFuture<?> schedule(Runnable onPluginThread, long millis) {
        return timer.schedule(() -> executor.execute(onPluginThread), millis, TimeUnit.MILLISECONDS);
    }

    /** Sends one line (the connection queues the write); a failed write is an error event to its speaker. */
    private void send(String target, WantedChannel.Line line) {  // flood sink: under its lock, never blocks
        connection.message(target, line.text()).whenComplete((ok, failure) -> {
            if (failure != null) {
                error(line.clientId(), line.bayeuxChannel(), "irc_not_sent", "not sent to IRC: " + failure.getMessage());
            }
        });
    }

    // ---- connection callbacks (reader/io threads): hand over to the plugin thread ----

    @Override
    public void onStatus(String status, String reason) {
        onStatus(status, null, reason);
    }

    @Override
    public void onStatus(String status, String code, String reason) {
        executor.execute(() -> {
            if (!"connected".equals(status) && !"connecting".equals(status)) {
                wanted.values().forEach(w -> {
                    w.state = WantedChannel.State.JOINING;
                    w.roster.clear();
                });
            }
            wanted.values().forEach(w -> rejoins.status(w, status, code, reason, null));
        });
    }

    @Override
    public void onRegistered(String registeredNick) {
        executor.execute(() -> {
            nick = registeredNick;
            wanted.values().forEach(w -> w.state = WantedChannel.State.JOINING);
            connection.joinAll(wanted.values().stream().map(w -> w.ircName).toList());
        });
    }

    @Override
    public void onCaseMapping(CaseMapping caseMapping) {
        executor.execute(() -> {
            if (caseMapping != mapping.caseMapping()) {
                LOG.info("IRC {}: server CASEMAPPING={}", options.network(), caseMapping.token());
                mapping = new ChannelMapping(options.network(), caseMapping, options.channels());
            }
        });
    }

    @Override
    public void onChannelLimit(int limit) {
        limits.serverLimit(limit);
        if (limit < options.joinMax()) {
            LOG.info("IRC {}: server CHANLIMIT {} lowers join.max {}", options.network(), limit, options.joinMax());
        }
    }

    /**
     * A refused JOIN of a wanted channel not joined gives the {@code join_refused} status and fails its held and
     * queued lines; any other refusal about a wanted channel goes to its subscribers as an {@code error} event
     * ({@link IrcRefusal#toJson}).
     */
    @Override
    public void onRefusal(IrcRefusal refusal) {
        executor.execute(() -> {
            String folded = refusal.aboutChannel() ? mapping.fold(refusal.target()) : null;
            WantedChannel w = folded == null ? null : wanted.get(folded);
            if (w == null) {
                LOG.debug("IRC {}: server refused: {}", options.network(), refusal);
                return;
            }
            if (refusal.refusesJoin() && w.state != WantedChannel.State.JOINED) {
                rejoins.refused(folded, w, refusal);
            } else if (channels.subscriberCount(w.bayeux) > 0) {
                LOG.info("IRC {}: {} {}: {}", options.network(), refusal.numeric(), w.ircName, refusal.message());
                channels.publish(w.bayeux, refusal.toJson(clock.instant()));
            }
        });
    }

    @Override
    public void onEvent(IrcEventTranslator.Delivery d) {
        executor.execute(() -> {
            BridgeEvent event = d.event();
            boolean said = event.type() == BridgeEvent.Type.MESSAGE || event.type() == BridgeEvent.Type.ACTION;
            if (said && d.channels().size() == 1 && echoes.consume(mapping.fold(d.channels().get(0)),
                    event.type() == BridgeEvent.Type.ACTION, event.text())) {
                return;  // a personal connection's line: the say service published it already
            }
            for (String channel : d.channels()) {
                String folded = mapping.fold(channel);
                WantedChannel w = wanted.get(folded);
                if (w == null) {
                    continue;  // parted meanwhile
                }
                w.roster.apply(event);
                channels.publish(w.bayeux, event.toJson());
                if (event.type() == BridgeEvent.Type.JOIN && isMe(event.sender())) {
                    joined(w);
                } else if (event.type() == BridgeEvent.Type.KICK && isMe(event.nick())) {
                    rejoins.kicked(folded, w, event);
                }
            }
            if (event.type() == BridgeEvent.Type.NICK) {
                if (isMe(event.sender())) {
                    nick = event.nick();  // the budget of our own lines follows our nick
                }
            }
        });
    }

    private boolean isMe(String who) {
        return who != null && mapping.fold(who).equals(mapping.fold(nick));
    }

    private void joined(WantedChannel w) {
        w.state = WantedChannel.State.JOINED;
        w.rejoins = 0;
        w.cancelRejoin();
        String folded = mapping.fold(w.ircName);
        for (WantedChannel.Line l : w.takeHeld()) {
            visitors.stage(new VisitorFlood.Pending<>(folded, w.ircName, l));
        }
    }
}
