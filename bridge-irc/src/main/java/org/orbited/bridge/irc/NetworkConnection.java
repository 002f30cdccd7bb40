package org.orbited.bridge.irc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.cap.SASLCapHandler;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.Listener;
import java.time.Instant;
import org.pircbotx.hooks.events.ActionEvent;
import org.pircbotx.hooks.events.ConnectAttemptFailedEvent;
import org.pircbotx.hooks.events.NickAlreadyInUseEvent;
import org.pircbotx.hooks.events.NickChangeEvent;
import org.pircbotx.hooks.events.PrivateMessageEvent;
import org.pircbotx.hooks.events.ConnectEvent;
import org.pircbotx.hooks.events.DisconnectEvent;
import org.pircbotx.hooks.events.ServerResponseEvent;
import org.pircbotx.hooks.managers.GenericListenerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own connection to one IRC network (one per {@code [plugin:irc...]} instance), kept up until
 * {@link #stop}.
 *
 * <p><b>Threads.</b> PircBotX's {@code startBot()} blocks and reads on its caller's thread, so each connection
 * attempt gets its own daemon reader thread {@code irc-NET-reader}; events are handled inline on it (one
 * {@link GenericListenerManager} listener, in order; /work/notes/irc-pircbotx.md section 1). Everything else (sends,
 * backoff, registration timeout) runs on one daemon thread {@code irc-NET-io}, so sends are serialised and a slow
 * socket write never blocks the caller. No method here blocks: sends return a future completed on the io thread.
 *
 * <p><b>Reconnect.</b> PircBotX's own auto-reconnect is off (it loses channels after a failed attempt). When a
 * connection ends, the bridge reports {@code disconnected} (with the reason), then {@code reconnecting} and tries
 * again with a fresh {@code PircBotX} after {@code min(maxBackoff, initialBackoff * 2^(n-1))} plus up to 20% jitter,
 * n being the consecutive failures; a successful registration resets n. Rejoining is the caller's job, on
 * {@link Callbacks#onRegistered}. A registration that does not complete within the timeout (e.g. SASL refused: the
 * CAP negotiation never ends) closes the socket and counts as a failure.
 *
 * <p><b>Output.</b> PircBotX does not sanitise or size lines: callers hand over lines already checked with
 * {@link IrcText#checkOutgoing} and split under a {@link LineBudget}. PircBotX's message delay is 0; flood control is
 * the caller's ({@link FloodQueue}).
 */
final class NetworkConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);

    /** What the connection reports; called on the reader or io thread, must not block. */
    interface Callbacks {
        /** {@code connecting}, {@code connected}, {@code disconnected} or {@code reconnecting}, with a reason or null. */
        void onStatus(String status, String reason);

        /** Registered (001 seen): join the wanted channels now. */
        void onRegistered(String nick);

        /** The server's ISUPPORT named its case mapping. */
        void onCaseMapping(CaseMapping caseMapping);

        /** The server's ISUPPORT {@code CHANLIMIT}: at most this many channels per connection. */
        default void onChannelLimit(int limit) {
        }

        /**
         * The server refused to let this connection join {@code channel} ({@code code} 403, 405, 471, 473, 474, 475,
         * 477 or 489), with the server's text.
         */
        default void onJoinRefused(String channel, int code, String text) {
        }

        /** A channel event; see {@link IrcEventTranslator}. */
        void onEvent(IrcEventTranslator.Delivery delivery);

        /**
         * The server refused {@code nick} (433). Only with {@link Profile#autoNickChange} false: while registering,
         * PircBotX then waits until {@link #retryNick} or {@link #stop}; once registered it keeps the old nick.
         */
        default void onNickInUse(String nick, boolean wasRegistered) {
        }

        /** A private message or action to this connection ({@code channel} null, text stripped). */
        default void onPrivate(IrcEvent event) {
        }
    }

    /**
     * Who the connection is: its nick (followed across NICK changes and used again on reconnect), user name, real
     * name, whether PircBotX may pick {@code nick1, nick2...} on 433, and the thread-name tag.
     */
    record Profile(String nick, String login, String realName, boolean autoNickChange, String threadTag) {
        static Profile bridge(IrcOptions options) {
            return new Profile(options.nick(), "orbited", "Orbited IRC bridge", true, options.network());
        }
    }

    /** Timings; production uses {@link #DEFAULT}. */
    record Timing(Duration initialBackoff, Duration maxBackoff, Duration registrationTimeout) {
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private final IrcOptions options;
    private final Timing timing;
    private final Callbacks callbacks;
    private final Configuration.Builder builder;
    private final Profile profile;
    private final ScheduledExecutorService io;
    private volatile String nick;           // the nick to register with next time: the last one we had
    private volatile PircBotX bot;          // the current attempt's bot, or null between attempts
    private volatile boolean registered;    // the current bot saw 001
    private volatile String lastReason;     // why the current attempt failed or ended, as PircBotX told us
    private volatile boolean stopped;
    private int failures;                   // io thread only
    private final JoinPacer joins;          // io thread only

    NetworkConnection(IrcOptions options, Timing timing, javax.net.SocketFactory socketFactory, Callbacks callbacks) {
        this(options, Profile.bridge(options), timing, socketFactory, callbacks);
    }

    NetworkConnection(IrcOptions options, Profile profile, Timing timing, javax.net.SocketFactory socketFactory,
                      Callbacks callbacks) {
        this.options = options;
        this.profile = profile;
        this.nick = profile.nick();
        this.timing = timing;
        this.callbacks = callbacks;
        String tag = profile.threadTag();
        this.io = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "irc-" + tag + "-io"));
        this.joins = new JoinPacer(io, JoinPacer.LINES_PER_SECOND, System::nanoTime, line -> {
            PircBotX b = bot;
            if (b != null && registered) {
                try {
                    b.sendRaw().rawLine(line);
                } catch (RuntimeException e) {  // the link just dropped: the owner rejoins on registration
                    LOG.debug("IRC {}: {} not sent: {}", profile.threadTag(), line, e.toString());
                }
            }
        });
        GenericListenerManager listeners = new GenericListenerManager();
        listeners.addListener(new Listener() {
            @Override
            public void onEvent(Event event) {
                handle(event);
            }
        });
        Configuration.Builder b = new Configuration.Builder()
                .setName(profile.nick()).setLogin(profile.login()).setRealName(profile.realName())
                .addServer(options.host(), options.port())
                .setEncoding(StandardCharsets.UTF_8)
                .setMessageDelay(0)
                .setAutoSplitMessage(false)
                .setAutoNickChange(profile.autoNickChange())
                .setAutoReconnect(false)
                .setShutdownHookEnabled(false)
                .setOnJoinWhoEnabled(false)
                .setSocketTimeout(60_000)
                .setListenerManager(listeners);
        if (socketFactory != null) {
            b.setSocketFactory(socketFactory);
        }
        if (options.serverPassword() != null) {
            b.setServerPassword(options.serverPassword());
        }
        if (options.saslUser() != null) {
            b.addCapHandler(new SASLCapHandler(options.saslUser(), options.saslPassword()));
        }
        this.builder = b;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(null, r, name, 512 * 1024);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting (on the io thread); returns at once. */
    void start() {
        io.execute(this::attempt);
    }

    /** True while registered with the server. */
    boolean isRegistered() {
        return registered && bot != null;
    }

    /**
     * JOINs {@code channel} (a valid, checked name) through the {@link JoinPacer}: batched with other JOINs and at
     * most {@code flood.rate} JOIN lines per second. Lost when the link drops first: rejoin on
     * {@link Callbacks#onRegistered}. Returns at once.
     */
    void join(String channel) {
        joinAll(java.util.List.of(channel));
    }

    /** JOINs all of {@code channels} in as few paced lines as fit (a rejoin after registration). */
    void joinAll(java.util.Collection<String> channels) {
        java.util.List<String> copy = java.util.List.copyOf(channels);
        execute(() -> joins.requestAll(copy));
    }

    /** PARTs {@code channel} if registered (and forgets its JOIN if that has not gone out yet). */
    CompletableFuture<Void> part(String channel) {
        execute(() -> joins.cancel(channel));
        return send(b -> b.sendRaw().rawLine("PART " + channel));
    }

    private void execute(Runnable task) {
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the connection stopped: nothing to join or part
        }
    }

    /** Sends one checked, pre-split line as a PRIVMSG to {@code target}. */
    CompletableFuture<Void> message(String target, String line) {
        IrcText.checkOutgoing(line);  // last line of defence: never a CR/LF/NUL on the wire
        return send(b -> b.sendIRC().message(target, line));
    }

    /** Sends one checked, pre-split line as a CTCP ACTION ({@code /me}) to {@code target}. */
    CompletableFuture<Void> action(String target, String line) {
        IrcText.checkOutgoing(line);
        return send(b -> b.sendIRC().action(target, line));
    }

    /** Sets {@code channel}'s topic to a checked text. */
    CompletableFuture<Void> topic(String channel, String text) {
        IrcText.checkOutgoing(text);
        IrcText.checkOutgoing(channel);
        return send(b -> b.sendRaw().rawLine("TOPIC " + channel + " :" + text));
    }

    /** Asks for {@code newNick} (already checked against the nick grammar); the server answers NICK or 433. */
    CompletableFuture<Void> changeNick(String newNick) {
        IrcText.checkOutgoing(newNick);
        return send(b -> b.sendIRC().changeNick(newNick));
    }

    /** The nick registered now, or the one the next attempt registers with. */
    String nick() {
        return nick;
    }

    private interface Send {
        void on(PircBotX bot);
    }

    private CompletableFuture<Void> send(Send action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            io.execute(() -> {
                PircBotX b = bot;
                if (b == null || !registered) {
                    done.completeExceptionally(new IllegalStateException("not connected to " + options.host()));
                    return;
                }
                try {
                    action.on(b);
                    done.complete(null);
                } catch (RuntimeException e) {  // "Not connected to server", an I/O error
                    done.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("bridge stopped"));
        }
        return done;
    }

    /** Quits (QUIT, then closes the socket after 2 s) and ends the threads; returns at once. */
    void stop() {
        stop("bridge stopping");
    }

    /** Quits with {@code reason} (checked), closes the socket after 2 s and ends the threads; returns at once. */
    void stop(String reason) {
        IrcText.checkOutgoing(reason);
        stopped = true;
        io.execute(() -> {
            PircBotX b = bot;
            if (b != null) {
                try {
                    b.sendIRC().quitServer(reason);
                } catch (RuntimeException ignored) {
                    // not connected: nothing to say goodbye on
                }
                io.schedule(b::close, 2, TimeUnit.SECONDS);
            }
            io.schedule(io::shutdown, 3, TimeUnit.SECONDS);
        });
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        PircBotX b = new PircBotX(builder.setName(nick).buildConfiguration());
        bot = b;
        registered = false;
        lastReason = null;
        joins.clear();
        // host:port stays in the log: browsers get no internal address (status text null)
        LOG.info("IRC {}: connecting to {}:{}", profile.threadTag(), options.host(), options.port());
        callbacks.onStatus("connecting", null);
        Thread reader = daemon(() -> run(b), "irc-" + profile.threadTag() + "-reader");
        reader.start();
        io.schedule(() -> {
            if (bot == b && !registered) {
                lastReason = "registration did not complete within " + timing.registrationTimeout().toSeconds() + " s";
                b.close();
            }
        }, timing.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(PircBotX b) {
        try {
            b.startBot();
        } catch (Exception | LinkageError e) {
            if (lastReason == null) {
                lastReason = String.valueOf(e.getMessage());
            }
            LOG.debug("IRC {}: startBot ended with {}", profile.threadTag(), e.toString());
        } finally {
            try {
                io.execute(() -> ended(b));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the bridge stopped
            }
        }
    }

    private void ended(PircBotX b) {
        if (bot != b) {
            return;
        }
        boolean wasRegistered = registered;
        bot = null;
        registered = false;
        String reason = lastReason != null ? lastReason : "connection closed";
        callbacks.onStatus("disconnected", reason);
        if (stopped) {
            return;
        }
        failures = wasRegistered ? 1 : failures + 1;
        long base = timing.initialBackoff().toMillis() << Math.min(20, failures - 1);
        long delay = Math.min(timing.maxBackoff().toMillis(), base);
        delay += (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        LOG.info("IRC {}: disconnected ({}); reconnecting in {} ms", profile.threadTag(), reason, delay);
        callbacks.onStatus("reconnecting", "in " + delay + " ms");
        io.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** On the reader thread, inline; never blocks. */
    private void handle(Event event) {
        if (event.getBot() != bot) {
            return;  // a late event of a bot already replaced
        }
        if (event instanceof ConnectEvent) {
            registered = true;
            failures = 0;
            nick = event.getBot().getNick();
            LOG.info("IRC {}: registered as {}", profile.threadTag(), event.getBot().getNick());
            callbacks.onStatus("connected", null);
            callbacks.onRegistered(event.getBot().getNick());
        } else if (event instanceof ServerResponseEvent r && r.getCode() == 5) {
            for (String token : r.getParsedResponse()) {
                if (token.regionMatches(true, 0, "CASEMAPPING=", 0, 12)) {
                    String value = token.substring(12);
                    CaseMapping.known(value).ifPresentOrElse(callbacks::onCaseMapping, () -> LOG.warn(
                            "IRC {}: unknown CASEMAPPING={}; keeping casemapping = {} (channel names differing only"
                                    + " in other characters are treated as different)", options.network(), value,
                            options.caseMapping().token()));
                } else if (token.regionMatches(true, 0, "CHANLIMIT=", 0, 10)) {
                    int limit = channelLimit(token.substring(10));
                    if (limit > 0) {
                        callbacks.onChannelLimit(limit);
                    }
                }
            }
        } else if (event instanceof ServerResponseEvent r && JOIN_REFUSALS.contains(r.getCode())
                && r.getParsedResponse().size() >= 2) {
            var p = r.getParsedResponse();
            callbacks.onJoinRefused(p.get(1), r.getCode(), IrcText.stripFormatting(p.get(p.size() - 1)));
        } else if (event instanceof NickAlreadyInUseEvent n && !profile.autoNickChange()) {
            callbacks.onNickInUse(n.getUsedNick(), registered);
        } else if (event instanceof NickChangeEvent n && n.getOldNick().equals(nick)) {
            nick = n.getNewNick();
            deliver(event);
        } else if (event instanceof PrivateMessageEvent pm) {
            callbacks.onPrivate(IrcEvent.of(IrcEvent.Type.MESSAGE, null, IrcEventTranslator.name(pm.getUser().getNick()),
                    IrcText.stripFormatting(pm.getMessage()), Instant.ofEpochMilli(pm.getTimestamp())));
        } else if (event instanceof ActionEvent a && a.getChannel() == null) {
            callbacks.onPrivate(IrcEvent.of(IrcEvent.Type.ACTION, null, IrcEventTranslator.name(a.getUser().getNick()),
                    IrcText.stripFormatting(a.getAction()), Instant.ofEpochMilli(a.getTimestamp())));
        } else if (event instanceof ConnectAttemptFailedEvent f) {
            lastReason = f.getConnectExceptions().values().stream().map(Throwable::getMessage).findFirst()
                    .orElse("connect failed");
        } else if (event instanceof DisconnectEvent d) {
            if (lastReason == null && d.getDisconnectException() != null) {
                lastReason = d.getDisconnectException().getMessage();
            }
        } else {
            deliver(event);
        }
    }

    /** Numerics refusing a JOIN: no such channel, too many channels, full, +i, banned, bad key, +r, +z. */
    static final java.util.Set<Integer> JOIN_REFUSALS = java.util.Set.of(403, 405, 471, 473, 474, 475, 477, 489);

    /**
     * The smallest limit of an ISUPPORT {@code CHANLIMIT} value ({@code #&:10} or {@code #:20,&:5}), or 0 when
     * none is given (an empty limit means unlimited).
     */
    static int channelLimit(String value) {
        int min = 0;
        for (String part : value.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0 || colon == part.length() - 1) {
                continue;
            }
            try {
                int n = Integer.parseInt(part.substring(colon + 1));
                if (n > 0 && (min == 0 || n < min)) {
                    min = n;
                }
            } catch (NumberFormatException ignored) {
                // not a number: no limit from this part
            }
        }
        return min;
    }

    private void deliver(Event event) {
        IrcEventTranslator.Delivery delivery = IrcEventTranslator.translate(event);
        if (delivery != null) {
            callbacks.onEvent(delivery);
        }
    }

    /** While registering after a 433: tries {@code newNick} (checked); returns at once. */
    void retryNick(String newNick) {
        IrcText.checkOutgoing(newNick);
        io.execute(() -> {
            PircBotX b = bot;
            if (b != null && !registered) {
                nick = newNick;
                b.sendRaw().rawLineNow("NICK " + newNick);
            }
        });
    }
}
