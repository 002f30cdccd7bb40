package org.orbited.bench;

import io.netty.channel.EventLoop;

/**
 * One publishing connection. {@link #publish} and {@link #flush} run on {@link #loop()} only; the counters may be
 * read from any thread. A publish is "accepted" when the server confirmed it (Orbit {@code Success}, Nchan 2xx,
 * Bayeux {@code successful:true}) and "rejected" on any other answer.
 */
public interface Publisher extends AutoCloseable {
    EventLoop loop();

    /** Queues (does not flush) one publish of {@code payload} to target {@code target} (a channel or key index). */
    void publish(int target, byte[] payload);

    void flush();

    long sent();

    long accepted();

    long rejected();

    /** Publish-to-reply times in microseconds, read once publishing has ended. */
    default org.HdrHistogram.Histogram replyLatencyUs() {
        return new org.HdrHistogram.Histogram(3);
    }

    default long inFlight() {
        return sent() - accepted() - rejected();
    }

    @Override
    void close();
}
