package org.orbited.node.orbit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link OrbitReplySink} of one request received on a Netty channel. Thread-safe. */
final class ChannelReplySink implements OrbitReplySink {
    private static final Logger log = LoggerFactory.getLogger(ChannelReplySink.class);

    private final Channel channel;
    private final String requestId;
    private final OrbitStats stats;
    private final AtomicBoolean replied = new AtomicBoolean();

    ChannelReplySink(Channel channel, String requestId, OrbitStats stats) {
        this.channel = channel;
        this.requestId = requestId;
        this.stats = stats;
    }

    @Override
    public void reply(byte[] replyBytes) {
        Objects.requireNonNull(replyBytes, "replyBytes");
        if (!replied.compareAndSet(false, true)) {
            throw new IllegalStateException("second reply for Orbit request id " + requestId);
        }
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
