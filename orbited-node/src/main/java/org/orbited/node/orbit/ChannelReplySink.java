package org.orbited.node.orbit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OrbitReplySink} of one request received on a Netty channel. Thread-safe. The reply is written on
 * the channel's event loop, right after {@code onAnswered} has run there (the handler's in-flight count).
 */
final class ChannelReplySink implements OrbitReplySink {
    private static final Logger log = LoggerFactory.getLogger(ChannelReplySink.class);

    private final Channel channel;
    private final String requestId;
    private final OrbitStats stats;
    private final Runnable onAnswered;
    private final AtomicBoolean replied = new AtomicBoolean();

    ChannelReplySink(Channel channel, String requestId, OrbitStats stats, Runnable onAnswered) {
        this.channel = channel;
        this.requestId = requestId;
        this.stats = stats;
        this.onAnswered = onAnswered;
    }

    /** Whether the reply was given already (possibly during dispatch). */
    boolean answered() {
        return replied.get();
    }

    @Override
    public void reply(byte[] replyBytes) {
        claim(replyBytes);
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            answerThenWrite(replyBytes);
            return;
        }
        try {
            loop.execute(() -> answerThenWrite(replyBytes));
        } catch (RejectedExecutionException e) {
            dropped(channel, stats, requestId, e); // the node is shutting down
        }
    }

    /**
     * Runs a marker task on every event loop of the channel's group (they run their tasks in order, so each marker
     * runs after the drains of browser connections queued there before it) and replies once all have run.
     */
    @Override
    public void replyAfterQueuedWrites(byte[] replyBytes) {
        claim(replyBytes);
        EventLoop own = channel.eventLoop();
        java.util.List<io.netty.util.concurrent.EventExecutor> loops = new java.util.ArrayList<>();
        own.parent().forEach(loops::add);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(loops.size());
        Runnable answer = () -> answerThenWrite(replyBytes);
        Runnable marker = () -> {
            if (left.decrementAndGet() == 0) {
                if (own.inEventLoop()) {
                    answer.run();
                } else {
                    executeOrDrop(own, answer);
                }
            }
        };
        for (io.netty.util.concurrent.EventExecutor loop : loops) {
            if (!executeOrDrop(loop, marker)) {
                return;
            }
        }
    }

    /** Takes the one reply this request may have. */
    private void claim(byte[] replyBytes) {
        Objects.requireNonNull(replyBytes, "replyBytes");
        if (!replied.compareAndSet(false, true)) {
            throw new IllegalStateException("second reply for Orbit request id " + requestId);
        }
    }

    private boolean executeOrDrop(io.netty.util.concurrent.EventExecutor loop, Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            dropped(channel, stats, requestId, e); // the node is shutting down
            return false;
        }
    }

    private void answerThenWrite(byte[] replyBytes) {
        onAnswered.run();
        write(channel, replyBytes, stats, requestId);
    }

    /** Writes and flushes one reply from any thread, counting it as written or dropped. */
    static void write(Channel channel, byte[] replyBytes, OrbitStats stats, String requestId) {
        if (!channel.isActive()) {
            dropped(channel, stats, requestId, null);
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(replyBytes)).addListener(f -> {
            if (f.isSuccess()) {
                stats.countReplyOut();
            } else {
                dropped(channel, stats, requestId, f.cause());
            }
        });
    }

    private static void dropped(Channel channel, OrbitStats stats, String requestId, Throwable cause) {
        stats.countReplyDropped();
        log.debug("dropped reply for Orbit request id {} on closed connection {}", requestId, channel, cause);
    }
}
