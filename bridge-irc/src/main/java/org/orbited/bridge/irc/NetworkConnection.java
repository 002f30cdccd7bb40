package org.orbited.bridge.irc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.ReconnectBackoff;
import org.orbited.bridge.common.SendWatchdog;
import org.pircbotx.PircBotX;
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
 *
 * <p><b>Parts.</b> This class is the facade the bridge uses (what it sends, start and stop); the attempts and their
 * backoff are {@link ConnectionAttempts} and {@link ReconnectBackoff}, the reader thread's handling of events
 * {@link ConnectionEvents}, ISUPPORT {@link ServerIsupport}, the nick regain timer {@link NickRegain}, and the state
 * they share {@link LinkState}.
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
        default void onPrivate(BridgeEvent event) {
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
    private final java.util.concurrent.ScheduledThreadPoolExecutor io;
    private final SendWatchdog watchdog;
    private final java.util.concurrent.atomic.AtomicBoolean terminated = new java.util.concurrent.atomic.AtomicBoolean();
    private final LinkState link;           // nick, bot, registered, failure, stopped
    private final JoinPacer joins;          // io thread only
    private final ServerIsupport isupport;
    private final ConnectionAttempts attempts;

    NetworkConnection(IrcOptions options, Timing timing, javax.net.SocketFactory socketFactory, Callbacks callbacks) {
        this(options, Profile.bridge(options), timing, socketFactory, callbacks);
    }

    NetworkConnection(IrcOptions options, Profile profile, Timing timing, javax.net.SocketFactory socketFactory,
                      Callbacks callbacks) {
        this.options = options;
        this.link = new LinkState(profile.nick());
        String tag = profile.threadTag();
        this.io = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> daemon(r, "irc-" + tag + "-io"));
        io.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);  // B8: no timer keeps a stopped io thread
        io.setRemoveOnCancelPolicy(true);
        this.watchdog = new SendWatchdog("irc-send-watchdog", SEND_TIMEOUT, () -> {
            PircBotX b = link.bot;
            LOG.warn("IRC {}: a write has been pending over {} s; closing the socket", tag, SEND_TIMEOUT.toSeconds());
            if (b != null) {
                b.close();
            }
        });
        this.joins = new JoinPacer(io, JoinPacer.LINES_PER_SECOND, System::nanoTime, line -> {
            PircBotX b = link.bot;
            if (b != null && link.registered) {
                try {
                    watchdog.run(() -> b.sendRaw().rawLine(line));
                } catch (RuntimeException e) {  // the link just dropped: the owner rejoins on registration
                    LOG.debug("IRC {}: {} not sent: {}", profile.threadTag(), line, e.toString());
                }
            }
        });
        this.isupport = new ServerIsupport(options, callbacks);
        NickRegain regain = new NickRegain(io, timing.nickRegain(), watchdog, link, profile);
        ReconnectBackoff backoff = new ReconnectBackoff(timing.initialBackoff(), timing.maxBackoff());
        ConnectionEvents events = new ConnectionEvents(options, profile, callbacks, link, isupport, regain, backoff,
                this::execute);
        this.attempts = new ConnectionAttempts(options, profile, timing, callbacks, io, link, joins, regain, backoff,
                watchdog, socketFactory, events::handle, this::terminate);
    }

    /** A daemon thread with a 512 KiB stack: the io thread and each attempt's reader. */
    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(null, r, name, 512 * 1024);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting (on the io thread); returns at once. */
    void start() {
        watchdog.start();
        io.execute(attempts::attempt);
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

    /** The server's ISUPPORT {@code TOPICLEN}, or 0 when it gave none. */
    int topicLength() {
        return isupport.topicLength();
    }

    /** True while registered with the server. */
    boolean isRegistered() {
        return link.registered && link.bot != null;
    }

    /**
     * JOINs {@code channel} (a valid, checked name) through the {@link JoinPacer}: batched with other JOINs and at
     * most {@link JoinPacer#LINES_PER_SECOND} JOIN line per second, a fixed rate ({@code flood.rate} does not apply).
     * Lost when the link drops first: rejoin on {@link Callbacks#onRegistered}. Returns at once.
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
        OutgoingLimits.checkTopic(channel, text, isupport.topicLength());
        return send(b -> b.sendRaw().rawLine("TOPIC " + channel + " :" + text));
    }

    /** Asks for {@code newNick} (already checked against the nick grammar); the server answers NICK or 433. */
    CompletableFuture<Void> changeNick(String newNick) {
        IrcText.checkOutgoing(newNick);
        return send(b -> b.sendIRC().changeNick(newNick));
    }

    /** The nick registered now, or the one the next attempt registers with. */
    String nick() {
        return link.nick;
    }

    private interface Send {
        void on(PircBotX bot);
    }

    private CompletableFuture<Void> send(Send action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            io.execute(() -> {
                PircBotX b = link.bot;
                if (b == null || !link.registered) {
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
        if (link.stopped) {
            return;
        }
        link.stopped = true;
        try {
            io.execute(() -> {
                PircBotX b = link.bot;
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

    /** While registering after a 433: tries {@code newNick} (checked); returns at once. */
    void retryNick(String newNick) {
        IrcText.checkOutgoing(newNick);
        execute(() -> {
            PircBotX b = link.bot;
            if (b != null && !link.registered) {
                link.nick = newNick;
                b.sendRaw().rawLineNow("NICK " + newNick);
            }
        });
    }
}
