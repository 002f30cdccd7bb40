package org.orbited.bridge.irc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.exception.IrcException;
import org.pircbotx.hooks.Event;
import java.time.Instant;
import org.pircbotx.hooks.events.ActionEvent;
import org.pircbotx.hooks.events.ConnectAttemptFailedEvent;
import org.pircbotx.hooks.events.NickAlreadyInUseEvent;
import org.pircbotx.hooks.events.NickChangeEvent;
import org.pircbotx.hooks.events.PrivateMessageEvent;
import org.pircbotx.hooks.events.ConnectEvent;
import org.pircbotx.hooks.events.DisconnectEvent;
import org.pircbotx.hooks.events.ExceptionEvent;
import org.pircbotx.hooks.events.ServerResponseEvent;
import org.pircbotx.hooks.events.NoticeEvent;
import org.pircbotx.hooks.events.SocketConnectEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own connection to one IRC network (one per {@code [plugin:irc...]} instance), kept up until
 * {@link #stop}.
 *
 * <p><b>Threads.</b> PircBotX's {@code startBot()} blocks and reads on its caller's thread, so each connection
 * attempt gets its own daemon reader thread {@code irc-NET-reader}; events are handled inline on it (one
 * {@code GenericListenerManager} listener, in order; /work/notes/irc-pircbotx.md section 1). Everything else (sends,
 * backoff, registration timeout) runs on one daemon thread {@code irc-NET-io}, so sends are serialised and a slow
 * socket write never blocks the caller. No method here blocks: sends return a future completed on the io thread.
 *
 * <p><b>Reconnect.</b> PircBotX's own auto-reconnect is off (it loses channels after a failed attempt). When a
 * connection ends, the bridge reports {@code disconnected} (with a {@link LinkFailure} code and reason), then
 * {@code reconnecting} and tries again with a fresh {@code PircBotX} after
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))} plus up to 20% jitter, n being the consecutive failures; a
 * successful registration resets n. Rejoining is the caller's job, on {@link Callbacks#onRegistered}. A
 * registration that does not complete within the timeout closes the socket and counts as a failure; so does SASL
 * that cannot succeed ({@link SaslPlainCapHandler}: never registered unauthenticated).
 *
 * <p><b>Output.</b> PircBotX does not sanitise or size lines: callers hand over lines already checked with
 * {@link IrcText#checkOutgoing} and split under a {@link LineBudget}. PircBotX's message delay is 0; flood control is
 * the caller's ({@link FloodQueue}). Every write runs under a {@link SendWatchdog} ({@link #SEND_TIMEOUT}); no CTCP
 * is answered ({@link QuietCoreHooks}).
 *
 * <p><b>Nick.</b> Every attempt registers with the profile's nick for the bridge (PircBotX's {@code nick1}
 * fallback is never kept), or the connection's current nick for a visitor; registered under a fallback, the bridge
 * asks for its nick every {@code nick.regain}.
 *
 * <p><b>Stop.</b> {@link #stop} quits, closes the socket 2 s later, and ends the io thread (its timers dropped) once
 * the reader has ended: {@link #terminated}.
 */
final class NetworkConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);

    /** What the connection reports; called on the reader or io thread, must not block. */
    interface Callbacks {
        /** {@code connecting}, {@code connected}, {@code disconnected} or {@code reconnecting}, with a reason or null. */
        void onStatus(String status, String reason);

        /**
         * As {@link #onStatus(String, String)} with a stable {@code code} for {@code disconnected} (a
         * {@link LinkFailure} code: {@code irc_tls_failed}, {@code irc_bad_password}, {@code irc_sasl_unavailable},
         * ...), null for the other statuses. The connection calls this one; the default forwards without the code.
         */
        default void onStatus(String status, String code, String reason) {
            onStatus(status, reason);
        }

        /**
         * The server refused a command of the registered connection (a JOIN, a TOPIC, a PRIVMSG...): one of the
         * numerics of {@link IrcRefusal#CODES}; a refused JOIN is {@link IrcRefusal#refusesJoin()}.
         */
        default void onRefusal(IrcRefusal refusal) {
        }

        /** Registered (001 seen): join the wanted channels now. */
        void onRegistered(String nick);

        /** The server's ISUPPORT named its case mapping. */
        void onCaseMapping(CaseMapping caseMapping);

        /** The server's ISUPPORT {@code CHANLIMIT}: at most this many channels per connection. */
        default void onChannelLimit(int limit) {
        }

        /** A channel event; see {@link IrcEventTranslator}. */
        void onEvent(IrcEventTranslator.Delivery delivery);

        /**
         * The server refused {@code nick} (433). Only with {@link Profile#autoNickChange} false: while registering,
         * PircBotX then waits until {@link #retryNick} or {@link #stop}; once registered it keeps the old nick.
         */
        default void onNickInUse(String nick, boolean wasRegistered) {
        }

        /**
         * A private message, action or (once registered) NOTICE to this connection ({@code channel} null, text
         * stripped); a server notice's sender is the server's name.
         */
        default void onPrivate(IrcEvent event) {
        }
    }

    /**
     * Who the connection is: its nick (followed across NICK changes and used again on reconnect), user name, real
     * name, whether PircBotX may pick {@code nick1, nick2...} on 433, and the thread-name tag.
     */
    record Profile(String nick, String login, String realName, boolean autoNickChange, String threadTag,
                   boolean sasl) {
        /** A visitor's profile: never SASL (the configured account is the bridge's). */
        Profile(String nick, String login, String realName, boolean autoNickChange, String threadTag) {
            this(nick, login, realName, autoNickChange, threadTag, false);
        }

        /** The bridge's own connection: SASL PLAIN when {@code sasl.user} is set. */
        static Profile bridge(IrcOptions options) {
            return new Profile(options.nick(), "orbited", "Orbited IRC bridge", true, options.network(),
                    options.saslUser() != null);
        }
    }

    /**
     * Timings, from the options {@code reconnect.min}, {@code reconnect.max}, {@code register.timeout} and
     * {@code nick.regain} (how often the bridge, registered under a fallback nick, asks for its configured one).
     */
    record Timing(Duration initialBackoff, Duration maxBackoff, Duration registrationTimeout, Duration nickRegain) {
        /** With the default {@code nick.regain} of 60 s. */
        Timing(Duration initialBackoff, Duration maxBackoff, Duration registrationTimeout) {
            this(initialBackoff, maxBackoff, registrationTimeout, DEFAULT_NICK_REGAIN);
        }
    }

    /** {@code nick.regain}'s default. */
    static final Duration DEFAULT_NICK_REGAIN = Duration.ofSeconds(60);

    /**
     * A write pending this long (the server stopped reading, a half-open link) closes the socket: the reader then
     * ends and the usual reconnect follows ({@link SendWatchdog}).
     */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);


    private final IrcOptions options;
    private final Timing timing;
    private final Callbacks callbacks;
    private final Configuration.Builder builder;
    private final Profile profile;
    private final java.util.concurrent.ScheduledThreadPoolExecutor io;
    private final SendWatchdog watchdog;
    private final java.util.concurrent.atomic.AtomicBoolean terminated = new java.util.concurrent.atomic.AtomicBoolean();
    private java.util.concurrent.ScheduledFuture<?> regain;   // io thread only: the nick.regain timer, or null
    private volatile String nick;           // the nick to register with next time: the last one we had
    private volatile PircBotX bot;          // the current attempt's bot, or null between attempts
    private volatile boolean registered;    // the current bot saw 001
    private volatile LinkFailure failure;   // why the current attempt failed or ended: the first cause known wins
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
        this.io = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> daemon(r, "irc-" + tag + "-io"));
        io.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);  // B8: no timer keeps a stopped io thread
        io.setRemoveOnCancelPolicy(true);
        this.watchdog = new SendWatchdog(SEND_TIMEOUT, () -> {
            PircBotX b = bot;
            LOG.warn("IRC {}: a write has been pending over {} s; closing the socket", tag, SEND_TIMEOUT.toSeconds());
            if (b != null) {
                b.close();
            }
        });
        this.joins = new JoinPacer(io, JoinPacer.LINES_PER_SECOND, System::nanoTime, line -> {
            PircBotX b = bot;
            if (b != null && registered) {
                try {
                    watchdog.run(() -> b.sendRaw().rawLine(line));
                } catch (RuntimeException e) {  // the link just dropped: the owner rejoins on registration
                    LOG.debug("IRC {}: {} not sent: {}", profile.threadTag(), line, e.toString());
                }
            }
        });
        this.builder = PircBotXSettings.builder(options, profile, socketFactory, this::handle, this::serverError,
                this::loginFailed, watchdog);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(null, r, name, 512 * 1024);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting (on the io thread); returns at once. */
    void start() {
        watchdog.start();
        io.execute(this::attempt);
    }

    /**
     * Completes once the connection has stopped and its threads are done: the reader has ended (or never started)
     * and the io executor has shut down, its timers dropped. Personal connections count toward {@code personal.max}
     * until then.
     */
    CompletableFuture<Void> terminated() {
        return done;
    }

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** After stop: the io executor ends now (pending timers discarded) and {@link #terminated} completes. */
    private void terminate() {
        if (terminated.compareAndSet(false, true)) {
            watchdog.stop();
            io.shutdownNow();
            done.complete(null);
        }
    }

    private volatile int topicLength;  // ISUPPORT TOPICLEN, 0 when the server named none

    /** The server's ISUPPORT {@code TOPICLEN}, or 0 when it gave none. */
    int topicLength() {
        return topicLength;
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

    /** Sends one checked raw command line (mirror mode: {@code JOIN #c key}, {@code MODE #c +snt}). */
    CompletableFuture<Void> command(String line) {
        IrcText.checkOutgoing(line);
        return send(b -> b.sendRaw().rawLine(line));
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

    /**
     * Sets {@code channel}'s topic to a checked text.
     *
     * @throws IrcTextException {@code irc_text_too_long} when the line is over 510 bytes or the text over the
     *                          server's TOPICLEN ({@link OutgoingLimits#checkTopic})
     */
    CompletableFuture<Void> topic(String channel, String text) {
        IrcText.checkOutgoing(text);
        IrcText.checkOutgoing(channel);
        OutgoingLimits.checkTopic(channel, text, topicLength);
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
                    watchdog.run(() -> action.on(b));
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

    /**
     * Quits with {@code reason} (checked, and cut to {@link OutgoingLimits#MAX_QUIT_REASON_BYTES} bytes by
     * {@link OutgoingLimits#quitReason}), closes
     * the socket after 2 s and ends the threads once the reader has ended ({@link #terminated}); returns at once.
     */
    void stop(String reason) {
        IrcText.checkOutgoing(reason);
        String quit = OutgoingLimits.quitReason(reason);
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            io.execute(() -> {
                PircBotX b = bot;
                if (b == null) {
                    terminate();  // between attempts: no reader
                    return;
                }
                try {
                    watchdog.run(() -> b.sendIRC().quitServer(quit));
                } catch (RuntimeException ignored) {
                    // not connected: nothing to say goodbye on
                }
                io.schedule(b::close, 2, TimeUnit.SECONDS);  // the reader ends, then ended() terminates
            });
        } catch (java.util.concurrent.RejectedExecutionException already) {
            terminate();
        }
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        // R1: the bridge always registers with its configured nick (PircBotX's nick1 fallback is never kept);
        // a visitor's connection with the nick it has now (its own NICK changes)
        PircBotX b = new PircBotX(builder.setName(profile.autoNickChange() ? profile.nick() : nick)
                .buildConfiguration());
        bot = b;
        registered = false;
        failure = null;
        joins.clear();
        // host:port stays in the log: browsers get no internal address (status text null)
        LOG.info("IRC {}: connecting to {}:{}", profile.threadTag(), options.host(), options.port());
        callbacks.onStatus("connecting", null, null);
        Thread reader = daemon(() -> run(b), "irc-" + profile.threadTag() + "-reader");
        reader.start();
        io.schedule(() -> {
            if (bot == b && !registered) {
                fail(b, LinkFailure.registrationTimeout(timing.registrationTimeout()));
                b.close();
            }
        }, timing.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(PircBotX b) {
        try {
            b.startBot();
        } catch (Exception | LinkageError e) {
            fail(b, LinkFailure.of(e, registered));
            LOG.debug("IRC {}: startBot ended with {}", profile.threadTag(), e.toString());
        } finally {
            try {
                io.execute(() -> ended(b));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                terminate();  // the bridge stopped
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
        cancelRegain();
        LinkFailure why = failure != null ? failure : new LinkFailure(wasRegistered ? LinkFailure.CONNECTION_LOST
                : LinkFailure.CONNECT_FAILED, "connection closed");
        String reason = why.reason();
        callbacks.onStatus("disconnected", why.code(), reason);
        if (stopped) {
            terminate();
            return;
        }
        if (why.isConfiguration()) {
            LOG.warn("IRC {}: {} ({}:{}): {}", profile.threadTag(), why.code(), options.host(), options.port(), reason);
        }
        failures = wasRegistered ? 1 : failures + 1;
        long base = timing.initialBackoff().toMillis() << Math.min(20, failures - 1);
        long delay = Math.min(timing.maxBackoff().toMillis(), base);
        delay += (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        LOG.info("IRC {}: disconnected ({}); reconnecting in {} ms", profile.threadTag(), reason, delay);
        callbacks.onStatus("reconnecting", null, "in " + delay + " ms");
        io.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** On the reader thread, inline; never blocks. */
    private void handle(Event event) {
        if (event.getBot() != bot) {
            return;  // a late event of a bot already replaced
        }
        if (stopped && (event instanceof SocketConnectEvent || event instanceof ConnectEvent)) {
            // R5: stop() ran while DNS or connect was still going (its close found no socket): never stay online
            LOG.debug("IRC {}: connected after stop; closing", profile.threadTag());
            event.getBot().close();
            return;
        }
        if (event instanceof ConnectEvent) {
            registered = true;
            failures = 0;
            nick = event.getBot().getNick();
            LOG.info("IRC {}: registered as {}", profile.threadTag(), event.getBot().getNick());
            callbacks.onStatus("connected", null, null);
            callbacks.onRegistered(event.getBot().getNick());
            if (profile.autoNickChange() && !nick.equalsIgnoreCase(profile.nick())) {
                PircBotX b = event.getBot();
                execute(() -> scheduleRegain(b));
            }
        } else if (event instanceof ServerResponseEvent r && r.getCode() == 5) {
            for (String token : r.getParsedResponse()) {
                if (token.regionMatches(true, 0, "CASEMAPPING=", 0, 12)) {
                    String value = token.substring(12);
                    CaseMapping.known(value).ifPresentOrElse(callbacks::onCaseMapping, () -> LOG.warn(
                            "IRC {}: unknown CASEMAPPING={}; keeping casemapping = {} (channel names differing only"
                                    + " in other characters are treated as different)", options.network(), value,
                            options.caseMapping().token()));
                } else if (token.regionMatches(true, 0, "TOPICLEN=", 0, 9)) {
                    try {
                        topicLength = Math.max(0, Integer.parseInt(token.substring(9)));
                    } catch (NumberFormatException ignored) {
                        // no usable limit: the 510-byte line limit still holds
                    }
                } else if (token.regionMatches(true, 0, "CHANLIMIT=", 0, 10)) {
                    int limit = channelLimit(token.substring(10));
                    if (limit > 0) {
                        callbacks.onChannelLimit(limit);
                    }
                }
            }
        } else if (event instanceof ServerResponseEvent r && registered) {
            IrcRefusal refusal = IrcRefusal.of(r.getCode(), r.getParsedResponse());
            if (refusal != null) {
                callbacks.onRefusal(refusal);
            }
        } else if (event instanceof ExceptionEvent x && !registered && x.getException() instanceof IrcException) {
            fail(x.getBot(), LinkFailure.of(x.getException(), false));  // a 4xx/5xx before 001, e.g. 464
        } else if (event instanceof NickAlreadyInUseEvent n && !profile.autoNickChange()) {
            callbacks.onNickInUse(n.getUsedNick(), registered);
        } else if (event instanceof NickChangeEvent n && n.getOldNick().equals(nick)) {
            nick = n.getNewNick();
            if (nick.equalsIgnoreCase(profile.nick())) {
                execute(this::cancelRegain);
            }
            deliver(event);
        } else if (event instanceof NoticeEvent ne && ne.getChannel() == null && registered) {
            // N4: a private NOTICE (NickServ, the server) to this connection
            String from = ne.getUser() != null ? ne.getUser().getNick() : ne.getUserHostmask() != null
                    ? ne.getUserHostmask().getNick() : options.host();
            callbacks.onPrivate(IrcEvent.of(IrcEvent.Type.NOTICE, null, IrcEventTranslator.name(from),
                    IrcText.stripFormatting(ne.getNotice()), Instant.ofEpochMilli(ne.getTimestamp())));
        } else if (event instanceof PrivateMessageEvent pm) {
            callbacks.onPrivate(IrcEvent.of(IrcEvent.Type.MESSAGE, null, IrcEventTranslator.name(pm.getUser().getNick()),
                    IrcText.stripFormatting(pm.getMessage()), Instant.ofEpochMilli(pm.getTimestamp())));
        } else if (event instanceof ActionEvent a && a.getChannel() == null) {
            callbacks.onPrivate(IrcEvent.of(IrcEvent.Type.ACTION, null, IrcEventTranslator.name(a.getUser().getNick()),
                    IrcText.stripFormatting(a.getAction()), Instant.ofEpochMilli(a.getTimestamp())));
        } else if (event instanceof ConnectAttemptFailedEvent f) {
            f.getConnectExceptions().values().stream().findFirst()
                    .ifPresent(e -> fail(f.getBot(), LinkFailure.of(e, false)));
        } else if (event instanceof DisconnectEvent d) {
            if (d.getDisconnectException() != null) {
                fail(d.getBot(), LinkFailure.of(d.getDisconnectException(), registered));
            }
        } else {
            deliver(event);
        }
    }

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

    /** Records why {@code b}'s link failed, unless an earlier, more specific cause is known. Any thread. */
    private void fail(PircBotX b, LinkFailure why) {
        if (b == bot && failure == null) {
            failure = why;
        }
    }

    /** The server's ERROR line (reader thread): it closes the link next. */
    private void serverError(PircBotX b, String line) {
        fail(b, LinkFailure.serverError(line, registered, options.serverPassword() != null));
    }

    /** SASL cannot succeed (reader thread): never continue unauthenticated; close, the backoff follows. */
    private void loginFailed(PircBotX b, LinkFailure why) {
        fail(b, why);  // logged as a warning when the link has ended (ended)
        try {
            io.execute(() -> {
                if (bot == b && !registered) {
                    b.close();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            b.close();
        }
    }

    /**
     * R1: registered under a fallback nick ({@code nick1}, the configured one was held, e.g. by our own ghost): ask
     * for the configured nick every {@code nick.regain} until the server grants it (a NICK event) or the link ends.
     * One timer per connection; io thread.
     */
    private void scheduleRegain(PircBotX b) {
        cancelRegain();
        long every = timing.nickRegain().toMillis();
        regain = io.scheduleWithFixedDelay(() -> {
            if (bot != b || !registered || nick.equalsIgnoreCase(profile.nick())) {
                cancelRegain();
                return;
            }
            try {
                watchdog.run(() -> b.sendIRC().changeNick(profile.nick()));  // 433 while registered: nick kept
            } catch (RuntimeException e) {
                LOG.debug("IRC {}: NICK {} not sent: {}", profile.threadTag(), profile.nick(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void cancelRegain() {
        if (regain != null) {
            regain.cancel(false);
            regain = null;
        }
    }

    /** While registering after a 433: tries {@code newNick} (checked); returns at once. */
    void retryNick(String newNick) {
        IrcText.checkOutgoing(newNick);
        execute(() -> {
            PircBotX b = bot;
            if (b != null && !registered) {
                nick = newNick;
                b.sendRaw().rawLineNow("NICK " + newNick);
            }
        });
    }
}
