package org.orbited.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;

/**
 * The handler side every {@link Publisher} shares: its channel, its counters (written on {@link #loop()} only) and
 * what a lost connection or an I/O error counts in the {@link Tally}.
 */
abstract class PublisherHandler extends ChannelInboundHandlerAdapter implements Publisher {
    protected final Tally tally;
    protected Channel channel;
    protected volatile long sent;
    protected volatile long accepted;
    protected volatile long rejected;
    /** Send times of unanswered publishes, oldest first (replies come in request order on one connection). */
    private final java.util.ArrayDeque<Long> sentAt = new java.util.ArrayDeque<>();
    /** Publish-to-reply times in microseconds (loop thread writes; read after the run). */
    private final org.HdrHistogram.Histogram replyUs = new org.HdrHistogram.Histogram(3_600_000_000L, 3);

    PublisherHandler(Tally tally) {
        this.tally = tally;
    }

    /**
     * Takes the channel when the handler joins its pipeline, before the connect: {@code channelActive} may come
     * after the connect future that {@link Publishers} waits on, so {@link #loop()} could find no channel yet.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Notes that one publish leaves now (loop thread). */
    protected final void markSent() {
        sentAt.addLast(System.nanoTime());
    }

    /** Notes that {@code n} more replies arrived now, matched in order to the oldest publishes (loop thread). */
    protected final void markAnswered(long n) {
        long now = System.nanoTime();
        for (long i = 0; i < n; i++) {
            Long t = sentAt.pollFirst();
            if (t == null) {
                return;
            }
            replyUs.recordValue(Math.min(replyUs.getHighestTrackableValue(), Math.max(0, (now - t) / 1000)));
        }
    }

    @Override
    public org.HdrHistogram.Histogram replyLatencyUs() {
        return replyUs;
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping()) {
            tally.error("publisher_closed");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("publisher_io_" + cause.getClass().getSimpleName());
        ctx.close();
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long accepted() {
        return accepted;
    }

    @Override
    public long rejected() {
        return rejected;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
