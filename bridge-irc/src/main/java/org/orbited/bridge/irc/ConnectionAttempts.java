package org.orbited.bridge.irc;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import org.orbited.bridge.common.ReconnectBackoff;
import org.orbited.bridge.common.SendWatchdog;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.hooks.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NetworkConnection}'s attempts: each starts a fresh {@code PircBotX} on its own daemon reader thread
 * {@code irc-NET-reader} (registering with the profile's nick for the bridge, the current nick for a visitor),
 * closes it when registration does not complete within {@code register.timeout}, and when it ends reports
 * {@code disconnected} (with a {@link LinkFailure} code and reason) and {@code reconnecting}, then schedules the
 * next one after the {@link ReconnectBackoff} delay; once stopped, it ends the connection instead.
 *
 * <p><b>Threads.</b> {@link #attempt} and the end of an attempt run on the connection's io thread; the reader thread
 * only hands over to it. {@link #serverError} and {@link #loginFailed} are called on the reader thread.
 */
final class ConnectionAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);  // the connection's log lines

    private final IrcOptions options;
    private final NetworkConnection.Profile profile;
    private final NetworkConnection.Timing timing;
    private final NetworkConnection.Callbacks callbacks;
    private final ScheduledExecutorService io;
    private final LinkState link;
    private final JoinPacer joins;
    private final NickRegain regain;
    private final ReconnectBackoff backoff;
    private final Runnable terminate;
    private final Configuration.Builder builder;

    /**
     * @param events    handles every event of every attempt's bot, inline on its reader thread
     * @param terminate ends the connection's threads (stopped, and the reader has ended or cannot hand over)
     */
    ConnectionAttempts(IrcOptions options, NetworkConnection.Profile profile, NetworkConnection.Timing timing,
                       NetworkConnection.Callbacks callbacks, ScheduledExecutorService io, LinkState link,
                       JoinPacer joins, NickRegain regain, ReconnectBackoff backoff, SendWatchdog watchdog,
                       SocketFactory socketFactory, Consumer<Event> events, Runnable terminate) {
        this.options = options;
        this.profile = profile;
        this.timing = timing;
        this.callbacks = callbacks;
        this.io = io;
        this.link = link;
        this.joins = joins;
        this.regain = regain;
        this.backoff = backoff;
        this.terminate = terminate;
        this.builder = PircBotXSettings.builder(options, profile, socketFactory, events, this::serverError,
                this::loginFailed, watchdog);
    }

    /** Starts an attempt, unless stopped (io thread). */
    void attempt() {
        if (link.stopped) {
            return;
        }
        // R1: the bridge always registers with its configured nick (PircBotX's nick1 fallback is never kept);
        // a visitor's connection with the nick it has now (its own NICK changes)
        PircBotX b = new PircBotX(builder.setName(profile.autoNickChange() ? profile.nick() : link.nick)
                .buildConfiguration());
        link.bot = b;
        link.registered = false;
        link.failure = null;
        joins.clear();
        // host:port stays in the log: browsers get no internal address (status text null)
        LOG.info("IRC {}: connecting to {}:{}", profile.threadTag(), options.host(), options.port());
        callbacks.onStatus("connecting", null, null);
        Thread reader = NetworkConnection.daemon(() -> run(b), "irc-" + profile.threadTag() + "-reader");
        reader.start();
        io.schedule(() -> {
            if (link.bot == b && !link.registered) {
                link.fail(b, LinkFailure.registrationTimeout(timing.registrationTimeout()));
                b.close();
            }
        }, timing.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(PircBotX b) {
        try {
            b.startBot();
        } catch (Exception | LinkageError e) {
            link.fail(b, LinkFailure.of(e, link.registered));
            LOG.debug("IRC {}: startBot ended with {}", profile.threadTag(), e.toString());
        } finally {
            try {
                io.execute(() -> ended(b));
            } catch (RejectedExecutionException stopping) {
                terminate.run();  // the bridge stopped
            }
        }
    }

    private void ended(PircBotX b) {
        if (link.bot != b) {
            return;
        }
        boolean wasRegistered = link.registered;
        link.bot = null;
        link.registered = false;
        regain.cancel();
        LinkFailure why = link.failure != null ? link.failure : new LinkFailure(wasRegistered ? LinkFailure.CONNECTION_LOST
                : LinkFailure.CONNECT_FAILED, "connection closed");
        String reason = why.reason();
        callbacks.onStatus("disconnected", why.code(), reason);
        if (link.stopped) {
            terminate.run();
            return;
        }
        if (why.isConfiguration()) {
            LOG.warn("IRC {}: {} ({}:{}): {}", profile.threadTag(), why.code(), options.host(), options.port(), reason);
        }
        long delay = backoff.next(wasRegistered);
        LOG.info("IRC {}: disconnected ({}); reconnecting in {} ms", profile.threadTag(), reason, delay);
        callbacks.onStatus("reconnecting", null, "in " + delay + " ms");
        io.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** The server's ERROR line (reader thread): it closes the link next. */
    private void serverError(PircBotX b, String line) {
        link.fail(b, LinkFailure.serverError(line, link.registered, options.serverPassword() != null));
    }

    /** SASL cannot succeed (reader thread): never continue unauthenticated; close, the backoff follows. */
    private void loginFailed(PircBotX b, LinkFailure why) {
        link.fail(b, why);  // logged as a warning when the link has ended (ended)
        try {
            io.execute(() -> {
                if (link.bot == b && !link.registered) {
                    b.close();
                }
            });
        } catch (RejectedExecutionException stopping) {
            b.close();
        }
    }
}
