package org.orbited.bridge.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.UnaryOperator;

/**
 * One IRC channel the bridge wants to be in because browsers subscribed to it ({@link RelayBridge}), with its join
 * state, the lines waiting for the JOIN, what it knows of the channel ({@link ChannelRoster}) and its two timers:
 * the part after {@code join.grace} and the next rejoin. One {@link ScheduledFuture} of each at most: scheduling
 * again cancels the previous one, so subscription churn queues no tasks (review R4).
 *
 * <p>Plugin thread only.
 */
final class WantedChannel {
    /** Where the bridge is with this channel. */
    enum State {
        /** A JOIN is due or sent (first subscriber, reconnect, rejoin after a kick): lines are held. */
        JOINING,
        /** The bridge's own JOIN was seen: lines go out through the flood queue. */
        JOINED,
        /** The server refused the JOIN (full, +i, banned, key, too many channels): lines are refused. */
        REFUSED
    }

    /** One line waiting to go out, and whom to tell if it cannot. */
    record Line(String clientId, String bayeuxChannel, String text) {
    }

    final String ircName;
    final String bayeux;
    final ChannelRoster roster;
    final List<Line> held = new ArrayList<>();
    State state = State.JOINING;
    /** Why the server refused the JOIN (state REFUSED), for refusals and status events. */
    String refusal;
    /** Consecutive rejoins after a kick (for the backoff); reset by a JOIN. */
    int rejoins;
    private ScheduledFuture<?> partTimer;
    private ScheduledFuture<?> rejoinTimer;

    WantedChannel(String ircName, String bayeux, UnaryOperator<String> fold) {
        this.ircName = ircName;
        this.bayeux = bayeux;
        this.roster = new ChannelRoster(fold);
    }

    /** Replaces the pending part (if any) with {@code next}. */
    void partTimer(ScheduledFuture<?> next) {
        cancelPart();
        partTimer = next;
    }

    void cancelPart() {
        if (partTimer != null) {
            partTimer.cancel(false);
            partTimer = null;
        }
    }

    /** Replaces the pending rejoin (if any) with {@code next}. */
    void rejoinTimer(ScheduledFuture<?> next) {
        cancelRejoin();
        rejoinTimer = next;
    }

    void cancelRejoin() {
        if (rejoinTimer != null) {
            rejoinTimer.cancel(false);
            rejoinTimer = null;
        }
    }

    /** Takes the held lines out (they go to the flood queue or fail). */
    List<Line> takeHeld() {
        List<Line> out = new ArrayList<>(held);
        held.clear();
        return out;
    }
}
