package org.orbited.node.orbit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behaviour of one Orbit connection: hands each {@link OrbitRequest} to the {@link OrbitDispatcher}
 * with a reply sink, and answers each {@link OrbitMalformed} itself (orbit-protocol.md §2.2).
 *
 * <p><b>Pipeline.</b> Right after {@link OrbitRequestDecoder}. Not sharable; runs on the connection's
 * I/O thread. A malformed request gets its {@code Failure} or {@code Error} reply; when its code
 * {@linkplain OrbitErrorCode#closesConnection() closes}, reading stops and the connection is closed once
 * the reply (and every reply before it) has been flushed. The graceful-shutdown user event from
 * {@link OrbitServer#closeConnections()} does the same without a reply.
 *
 * <p><b>Backpressure.</b> The channel's write-buffer high water mark is {@code maxReplyBacklog} bytes
 * (low mark half of it). While more unwritten reply bytes than that are queued the channel is not
 * writable and auto-read is off, so no more requests are read; it is switched on again once the
 * backlog drains below the low mark. Replies are never dropped for a slow reader.
 */
public final class OrbitRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OrbitRequestHandler.class);

    /** User event (sent by {@link OrbitServer#closeConnections()}) that closes after flushing. */
    static final Object CLOSE_AFTER_FLUSH = new Object();

    private final OrbitDispatcher dispatcher;
    private final OrbitStats stats;
    private final int maxReplyBacklog;
    private boolean closing;

    /** @throws IllegalArgumentException if {@code maxReplyBacklog} is not positive */
    public OrbitRequestHandler(OrbitDispatcher dispatcher, OrbitStats stats, int maxReplyBacklog) {
        if (maxReplyBacklog < 1) {
            throw new IllegalArgumentException("maxReplyBacklog must be positive: " + maxReplyBacklog);
        }
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.maxReplyBacklog = maxReplyBacklog;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(maxReplyBacklog / 2, maxReplyBacklog));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OrbitRequest request) {
            dispatch(ctx.channel(), request);
        } else if (msg instanceof OrbitMalformed malformed) {
            replyToMalformed(ctx.channel(), malformed);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void dispatch(Channel channel, OrbitRequest request) {
        stats.countRequestIn();
        ChannelReplySink sink = new ChannelReplySink(channel, request.id(), stats);
        try {
            dispatcher.dispatch(request, sink);
        } catch (RuntimeException e) {
            log.error("Orbit dispatcher failed for request id {} on {}; answering with a Failure",
                    request.id(), channel, e);
            try {
                sink.reply(OrbitReplies.malformed(request.id(), OrbitErrorCode.INTERNAL_ERROR));
            } catch (IllegalStateException alreadyAnswered) {
                // the dispatcher replied before it failed; exactly one reply stands
            }
        }
    }

    private void replyToMalformed(Channel channel, OrbitMalformed malformed) {
        stats.countMalformedIn();
        log.debug("malformed Orbit request on {}: {}", channel, malformed);
        ChannelReplySink.write(channel, OrbitReplies.forMalformed(malformed), stats, malformed.id());
        if (malformed.code().closesConnection()) {
            closeAfterFlush(channel);
        }
    }

    /** Stops reading for good and closes once every reply written so far has been flushed. */
    private void closeAfterFlush(Channel channel) {
        closing = true;
        channel.config().setAutoRead(false);
        // a flush of nothing completes after every earlier write, including replies from the core
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == CLOSE_AFTER_FLUSH) {
            closeAfterFlush(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (!closing) {
            channel.config().setAutoRead(channel.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing Orbit connection {} after error", ctx.channel(), cause);
        ctx.close();
    }
}
