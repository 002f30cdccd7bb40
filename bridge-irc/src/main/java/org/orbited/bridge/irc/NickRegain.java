package org.orbited.bridge.irc;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.SendWatchdog;
import org.pircbotx.PircBotX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R1: the bridge, registered under a fallback nick ({@code nick1}, the configured one was held, e.g. by our own
 * ghost), asks for the configured nick every {@code nick.regain} until the server grants it (a NICK event) or the
 * link ends. One timer per connection.
 *
 * <p><b>Threads.</b> Confined to the connection's io thread: {@link #start} and {@link #cancel} must be called
 * there, and the timer runs there.
 */
final class NickRegain {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);  // the connection's log lines

    private final ScheduledExecutorService io;
    private final Duration every;
    private final SendWatchdog watchdog;
    private final LinkState link;
    private final NetworkConnection.Profile profile;
    private ScheduledFuture<?> regain;   // io thread only: the nick.regain timer, or null

    NickRegain(ScheduledExecutorService io, Duration every, SendWatchdog watchdog, LinkState link,
               NetworkConnection.Profile profile) {
        this.io = io;
        this.every = every;
        this.watchdog = watchdog;
        this.link = link;
        this.profile = profile;
    }

    /** Starts asking for the profile's nick on {@code b}, replacing any timer running (io thread). */
    void start(PircBotX b) {
        cancel();
        long millis = every.toMillis();
        regain = io.scheduleWithFixedDelay(() -> {
            if (link.bot != b || !link.registered || link.nick.equalsIgnoreCase(profile.nick())) {
                cancel();
                return;
            }
            try {
                watchdog.run(() -> b.sendIRC().changeNick(profile.nick()));  // 433 while registered: nick kept
            } catch (RuntimeException e) {
                LOG.debug("IRC {}: NICK {} not sent: {}", profile.threadTag(), profile.nick(), e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer, if any (io thread). */
    void cancel() {
        if (regain != null) {
            regain.cancel(false);
            regain = null;
        }
    }
}
