package org.orbited.bridge.irc;

import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RelayBridge} does when the bridge is kicked out of a wanted channel or refused its JOIN, and the
 * {@code status} events it publishes to a channel's subscribers.
 *
 * <p>Kicked: a {@code kicked} status, every line held or queued for the channel failed to its speaker
 * ({@code irc_kicked}), and rejoins after 1 s, 2 s, 4 s ... at most {@link #REJOIN_MAX_MILLIS}, while the channel
 * has subscribers. Refused ({@link IrcRefusal}): state {@code REFUSED}, a {@code join_refused} status with the
 * refusal's {@code code} and {@code numeric}, lines failed ({@code irc_join_refused}), and one retry after
 * {@link #REFUSED_RETRY_MINUTES} minutes (a new subscriber retries at once, see {@link RelayBridge}).
 *
 * <p>Plugin thread only; {@code schedule} must run its task on the plugin thread.
 */
final class ChannelRejoins {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRejoins.class);
    /** A refused JOIN is tried again after this long (or at the next subscription). */
    static final long REFUSED_RETRY_MINUTES = 5;
    /** The longest wait before a rejoin after a kick. */
    static final long REJOIN_MAX_MILLIS = 60_000;

    /** Fails the lines held or queued for a channel, each with an error event ({@code code}, message) to its speaker. */
    @FunctionalInterface
    interface LineFailer {
        void fail(WantedChannel w, String code, String message);
    }

    private final String network;
    private final ServerChannels channels;
    private final Clock clock;
    private final BiFunction<Runnable, Long, ScheduledFuture<?>> schedule;
    private final BiPredicate<String, WantedChannel> stillWanted;
    private final Supplier<NetworkConnection> connection;
    private final LineFailer failer;

    /**
     * @param schedule    runs a task on the plugin thread after so many milliseconds
     * @param stillWanted whether {@code (folded name, channel)} is still the wanted channel of that name
     */
    ChannelRejoins(String network, ServerChannels channels, Clock clock,
                   BiFunction<Runnable, Long, ScheduledFuture<?>> schedule,
                   BiPredicate<String, WantedChannel> stillWanted, Supplier<NetworkConnection> connection,
                   LineFailer failer) {
        this.network = network;
        this.channels = channels;
        this.clock = clock;
        this.schedule = schedule;
        this.stillWanted = stillWanted;
        this.connection = connection;
        this.failer = failer;
    }

    /** The bridge was kicked out of {@code w} ({@code kick} is the KICK event). */
    void kicked(String folded, WantedChannel w, BridgeEvent kick) {
        w.state = WantedChannel.State.JOINING;
        w.roster.clear();
        String why = "the bridge was kicked out of " + w.ircName + (kick.sender() == null ? "" : " by "
                + kick.sender()) + (kick.text() == null ? "" : ": " + kick.text());
        LOG.info("IRC {}: {}", network, why);
        failer.fail(w, "irc_kicked", "not sent: " + why);
        status(w, "kicked", null, why, null);
        long delay = Math.min(REJOIN_MAX_MILLIS, 1000L << Math.min(16, w.rejoins++));
        w.rejoinTimer(schedule.apply(() -> rejoin(folded, w), delay));
    }

    /** The server refused the bridge's JOIN of {@code w} (not joined). */
    void refused(String folded, WantedChannel w, IrcRefusal refusal) {
        w.state = WantedChannel.State.REFUSED;
        w.refusal = "IRC refused the bridge's JOIN of " + w.ircName + ": " + refusal.message() + " ("
                + refusal.numeric() + ")";
        LOG.info("IRC {}: {}", network, w.refusal);
        failer.fail(w, "irc_join_refused", w.refusal);
        status(w, "join_refused", refusal.code(), w.refusal, refusal.numeric());
        w.rejoinTimer(schedule.apply(() -> {
            if (w.state == WantedChannel.State.REFUSED) {
                rejoin(folded, w);
            }
        }, TimeUnit.MINUTES.toMillis(REFUSED_RETRY_MINUTES)));
    }

    /** A status event to {@code w}'s subscribers, with a {@code code} (and server {@code numeric}) when known. */
    void status(WantedChannel w, String status, String code, String text, Integer numeric) {
        if (channels.subscriberCount(w.bayeux) > 0) {
            var event = BridgeEvent.status(w.ircName, status, text, clock.instant()).toJson();
            if (code != null) {
                event.put("code", code);
            }
            if (numeric != null) {
                event.put("numeric", numeric);
            }
            channels.publish(w.bayeux, event);
        }
    }

    private void rejoin(String folded, WantedChannel w) {
        NetworkConnection c = connection.get();
        if (stillWanted.test(folded, w) && w.state != WantedChannel.State.JOINED && c.isRegistered()
                && channels.subscriberCount(w.bayeux) > 0) {
            w.state = WantedChannel.State.JOINING;
            c.join(w.ircName);
        }
    }
}
