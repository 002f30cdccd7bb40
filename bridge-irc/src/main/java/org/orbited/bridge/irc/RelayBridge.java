package org.orbited.bridge.irc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay mode for one network: which IRC channels the bridge is in, and the traffic both ways.
 *
 * <p><b>Threads.</b> All state lives on the plugin's thread: {@link #onSubscription} and {@link #onPublish} are
 * plugin callbacks, and everything the {@link NetworkConnection} reports (reader/io threads) is handed over with
 * {@code executor}. Timers (join grace, flood releases) run on one daemon thread {@code irc-NET-timer} that only
 * hands work back to {@code executor} or to the connection, so nothing here blocks the plugin thread.
 *
 * <p><b>Joining.</b> The first subscriber of {@code /irc/net/<channel>} makes the channel wanted and joins it (now,
 * or on registration); the last one leaving starts the {@code join.grace} timer, after which the channel is parted
 * unless someone subscribed again meanwhile. On every (re)registration all wanted channels are joined again.
 *
 * <p><b>Relaying.</b> A Bayeux client's publication becomes PRIVMSG lines ({@link RelayMessage}), held until the
 * bridge's JOIN is seen (at most {@code flood.queue} lines), then paced per IRC channel by the network's channel
 * {@link FloodQueue} ({@code flood.channel.*}, {@link #channelFlood}: shared with the personal connections, so
 * everything the node sends into one channel shares one bucket). Bad
 * data, text or name were refused before by {@link IrcSecurityPolicy} (an unsuccessful publish nobody receives); a
 * refusal only known here (queue full, not connected, nobody subscribed, the write failed) is delivered to the
 * publisher alone as an {@code error} event; nothing is dropped silently. IRC servers do not echo a client's own PRIVMSG, and the bridge
 * does not publish what it sends, so a browser sees its publication once (from Bayeux) and IRC users see it once.
 */
final class RelayBridge implements NetworkConnection.Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(RelayBridge.class);

    /** One line waiting to go out, and whom to tell if it cannot. */
    private record Line(String clientId, String bayeuxChannel, String text) {
    }

    /** A wanted channel (plugin thread only). */
    private static final class Wanted {
        final String ircName;
        final String bayeux;
        boolean joined;
        IrcRefusal refused;  // the server refused our JOIN; tried again when someone subscribes
        int generation;
        final List<Line> held = new ArrayList<>();

        Wanted(String ircName, String bayeux) {
            this.ircName = ircName;
            this.bayeux = bayeux;
        }
    }

    private final IrcOptions options;
    private final ServerChannels channels;
    private final Executor executor;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final FloodQueue<Runnable> flood;  // per folded IRC channel; the sink runs the send
    private final Map<String, Wanted> wanted = new HashMap<>();  // folded IRC name -> state
    private volatile ChannelMapping mapping;
    private NetworkConnection connection;
    private volatile String nick;  // written on the plugin thread, read by the security policy too
    private java.util.function.Predicate<String> personalNick = n -> false;

    RelayBridge(IrcOptions options, ServerChannels channels, Executor executor, Clock clock) {
        this.options = options;
        this.channels = channels;
        this.executor = executor;
        this.clock = clock;
        this.mapping = options.mapping();
        this.nick = options.nick();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "irc-" + options.network() + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.flood = new FloodQueue<>(options.channelFloodRate(), options.channelFloodBurst(),
                options.channelFloodQueue(), (task, nanos) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS),
                System::nanoTime, (channel, send) -> send.run());
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
     * Nicks of personal connections (plugin thread): what they say in a channel is not republished, since their
     * browsers' publications already reached every subscriber through Bayeux (no duplicates).
     */
    void speakingAsThemselves(java.util.function.Predicate<String> personalNick) {
        this.personalNick = personalNick;
    }

    /** The current mapping (the server's CASEMAPPING applied); read by the security policy on any thread. */
    ChannelMapping mapping() {
        return mapping;
    }

    /** The bridge's nick now (the line budget depends on it); read by the security policy on any thread. */
    String nick() {
        return nick;
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
        Wanted w = wanted.get(folded);
        if (e.subscribed()) {
            if (w == null) {
                w = new Wanted(irc, id.name());
                wanted.put(folded, w);
                if (connection.isRegistered()) {
                    connection.join(irc);
                }
            }
            w.generation++;  // cancels a pending part
            if (w.refused != null && !w.joined && connection.isRegistered()) {
                w.refused = null;  // banned, invite only, ...: a new subscriber makes the bridge try again
                connection.join(irc);
            }
        } else if (e.remaining() == 0 && w != null) {
            int generation = ++w.generation;
            long graceMillis = options.joinGrace().toMillis();
            timer.schedule(() -> executor.execute(() -> partIfIdle(folded, generation)), graceMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void partIfIdle(String folded, int generation) {
        Wanted w = wanted.get(folded);
        if (w == null || w.generation != generation || channels.subscriberCount(w.bayeux) > 0) {
            return;
        }
        wanted.remove(folded);
        int dropped = flood.discard(folded) + w.held.size();
        if (dropped > 0) {
            LOG.info("IRC {}: {} lines for {} not sent, nobody is left to tell", options.network(), dropped, w.ircName);
        }
        connection.part(w.ircName);
    }

    void onPublish(PublishedMessage m) {
        if (m.origin() != Origin.BAYEUX_CLIENT) {
            return;  // relay mode speaks for browsers; plugins and Orbit-port applications are not relayed
        }
        ChannelId id = ChannelId.tryParse(m.channel()).orElse(null);
        String irc = ircName(id);
        try {
            if (irc == null) {
                throw new RelayMessage.Refused("irc_channel_not_allowed", m.channel() + " is not relayed");
            }
            Wanted w = wanted.get(mapping.fold(irc));
            if (w == null) {
                throw new RelayMessage.Refused("irc_not_subscribed", "subscribe to " + m.channel() + " first");
            }
            if (!connection.isRegistered()) {
                throw new RelayMessage.Refused("irc_not_connected", "the bridge is not connected to IRC now");
            }
            Identity who = channels.client(m.clientId()).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
            // Normally IrcSecurityPolicy already refused what check finds; again here for a nick changed meanwhile.
            List<String> lines = RelayMessage.check(options, who, m.clientId(), nick, irc, m.data());
            if (!w.joined && w.refused != null) {
                throw new RelayMessage.Refused(w.refused.code(), "the IRC server refused the bridge's JOIN: "
                        + w.refused.message());
            }
            if (!w.joined) {
                if (w.held.size() + lines.size() > options.floodQueue()) {
                    throw new RelayMessage.Refused(FloodQueueFullException.CODE, "too many lines waiting for the join");
                }
                lines.forEach(l -> w.held.add(new Line(m.clientId(), m.channel(), l)));
                return;
            }
            for (String l : lines) {
                pace(w, new Line(m.clientId(), m.channel(), l));
            }
        } catch (RelayMessage.Refused r) {
            refuse(m.clientId(), m.channel(), r.code, r.getMessage());
        } catch (FloodQueueFullException full) {
            refuse(m.clientId(), m.channel(), FloodQueueFullException.CODE, full.getMessage());
        }
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

    private void refuse(String clientId, String channel, String code, String message) {
        channels.deliver(clientId, channel, RelayMessage.error(code, message, clock.instant()));
    }

    private void pace(Wanted w, Line line) {
        String target = w.ircName;
        flood.offer(mapping.fold(target), () -> send(target, line));
    }

    /** FloodQueue sink: under its lock, never blocks (the connection queues the write). */
    private void send(String target, Line line) {
        connection.message(target, line.text()).whenComplete((ok, failure) -> {
            if (failure != null) {
                refuse(line.clientId(), line.bayeuxChannel(), "irc_not_sent", "not sent to IRC: " + failure.getMessage());
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
                    w.joined = false;
                    w.refused = null;
                });
            }
            for (Wanted w : wanted.values()) {
                if (channels.subscriberCount(w.bayeux) > 0) {
                    var event = IrcEvent.status(w.ircName, status, reason, clock.instant()).toJson();
                    if (code != null) {
                        event.put("code", code);
                    }
                    channels.publish(w.bayeux, event);
                }
            }
        });
    }

    /**
     * A refusal about a wanted channel goes to all its subscribers as an error event; a refused JOIN also refuses
     * the lines held for that join, each to its publisher (never dropped silently), and later publishes until a
     * new subscriber makes the bridge try again.
     */
    @Override
    public void onRefusal(IrcRefusal refusal) {
        executor.execute(() -> {
            Wanted w = refusal.aboutChannel() ? wanted.get(mapping.fold(refusal.target())) : null;
            if (w == null) {
                LOG.debug("IRC {}: server refused: {}", options.network(), refusal);
                return;
            }
            LOG.info("IRC {}: {} {}: {}", options.network(), refusal.numeric(), w.ircName, refusal.message());
            if (refusal.isJoinRefusal() && !w.joined) {
                w.refused = refusal;
                List<Line> held = new ArrayList<>(w.held);
                w.held.clear();
                held.forEach(l -> refuse(l.clientId(), l.bayeuxChannel(), refusal.code(),
                        "the IRC server refused the bridge's JOIN: " + refusal.message()));
            }
            if (channels.subscriberCount(w.bayeux) > 0) {
                channels.publish(w.bayeux, refusal.toJson(clock.instant()));
            }
        });
    }

    @Override
    public void onRegistered(String registeredNick) {
        executor.execute(() -> {
            nick = registeredNick;
            wanted.values().forEach(w -> connection.join(w.ircName));
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
    public void onEvent(IrcEventTranslator.Delivery d) {
        executor.execute(() -> {
            IrcEvent event = d.event();
            boolean spoken = event.type() == IrcEvent.Type.MESSAGE || event.type() == IrcEvent.Type.ACTION
                    || event.type() == IrcEvent.Type.NOTICE;
            if (spoken && personalNick.test(event.sender())) {
                return;
            }
            for (String channel : d.channels()) {
                Wanted w = wanted.get(mapping.fold(channel));
                if (w == null) {
                    continue;  // parted meanwhile
                }
                if (event.type() == IrcEvent.Type.JOIN && nick.equals(event.sender()) && !w.joined) {
                    w.joined = true;
                    List<Line> held = new ArrayList<>(w.held);
                    w.held.clear();
                    for (Line l : held) {
                        try {
                            pace(w, l);
                        } catch (FloodQueueFullException full) {
                            refuse(l.clientId(), l.bayeuxChannel(), FloodQueueFullException.CODE, full.getMessage());
                        }
                    }
                }
                channels.publish(w.bayeux, event.toJson());
            }
            if (event.type() == IrcEvent.Type.NICK && nick.equals(event.sender())) {
                nick = event.nick();  // the budget of our own lines follows our nick
            }
        });
    }
}
