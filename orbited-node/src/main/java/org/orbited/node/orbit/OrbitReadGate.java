package org.orbited.node.orbit;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Ticker;

/**
 * The one place that switches reading of an Orbit connection on and off (the channel's auto-read), for every
 * reason the node has to stop reading, and the clock of how long reading has been stopped.
 *
 * <p>Reading is on while no {@link Reason} holds and the connection is not {@linkplain #closeForGood() closing}.
 * {@link #pausedNanos()} counts the time reading was off for a reason (not after closing), so that
 * {@link OrbitRequestTimeoutHandler} does not blame a client for the time the node itself was not reading.
 *
 * <p><b>Threading.</b> One instance per connection, shared by its handlers through {@link #of(Channel)}; every
 * method runs on the connection's event loop.
 */
final class OrbitReadGate {
    private static final AttributeKey<OrbitReadGate> KEY = AttributeKey.valueOf(OrbitReadGate.class, "gate");

    /** Why the node stops reading a connection. */
    enum Reason {
        /** More reply bytes are unwritten than {@code op.max_reply_backlog} (the channel is not writable). */
        REPLY_BACKLOG,
        /** {@code op.max_in_flight} requests or {@code op.max_in_flight_bytes} are dispatched and unanswered. */
        IN_FLIGHT
    }

    private final Channel channel;
    private final Ticker ticker;
    private int reasons;
    private boolean closing;
    private long pausedSince;
    private long pausedBefore;

    private OrbitReadGate(Channel channel) {
        this.channel = channel;
        this.ticker = channel.eventLoop().ticker();
    }

    /** The gate of {@code channel}, created on first use; call on a registered channel. */
    static OrbitReadGate of(Channel channel) {
        Attribute<OrbitReadGate> attr = channel.attr(KEY);
        OrbitReadGate gate = attr.get();
        if (gate == null) {
            gate = new OrbitReadGate(channel);
            attr.set(gate);
        }
        return gate;
    }

    /** Sets or clears one reason and switches reading accordingly. */
    void hold(Reason reason, boolean holds) {
        boolean wasPaused = reasons != 0;
        int bit = 1 << reason.ordinal();
        reasons = holds ? reasons | bit : reasons & ~bit;
        boolean paused = reasons != 0;
        if (paused && !wasPaused) {
            pausedSince = ticker.nanoTime();
        } else if (!paused && wasPaused) {
            pausedBefore += ticker.nanoTime() - pausedSince;
        }
        if (!closing) {
            channel.config().setAutoRead(!paused);
        }
    }

    /** Whether reading is paused for a reason now. */
    boolean paused() {
        return reasons != 0;
    }

    /** Whether {@code reason} holds now. */
    boolean holds(Reason reason) {
        return (reasons & (1 << reason.ordinal())) != 0;
    }

    /** Stops reading for good (the connection is being closed). */
    void closeForGood() {
        closing = true;
        channel.config().setAutoRead(false);
    }

    boolean closing() {
        return closing;
    }

    /** Total time reading has been paused for a reason since the connection opened, up to now. */
    long pausedNanos() {
        return reasons == 0 ? pausedBefore : pausedBefore + ticker.nanoTime() - pausedSince;
    }

    /** The ticker of the connection's event loop (a mock in tests with an embedded channel). */
    Ticker ticker() {
        return ticker;
    }
}
