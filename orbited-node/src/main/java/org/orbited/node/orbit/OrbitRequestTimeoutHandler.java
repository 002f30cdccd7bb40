package org.orbited.node.orbit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

/**
 * Gives up an Orbit request whose bytes stop arriving half-way ({@code op.request_timeout}).
 *
 * <p><b>Rule.</b> A request may take at most {@code timeout} from its first byte to its last. Time during which
 * the node itself stopped reading the connection ({@link OrbitReadGate}: replies not draining, too many requests
 * in flight) does not count, because the client cannot send into a connection the node is not reading. A
 * connection between requests (nothing of the next one received yet, or only empty lines) has no timer and may
 * stay idle for ever. When the time is up, the handler sends {@link OrbitRequestDecoder.Abandon} with
 * {@link OrbitErrorCode#REQUEST_TIMEOUT} to the decoder, which reports the request as malformed; the
 * {@link OrbitRequestHandler} answers it and closes the connection.
 *
 * <p><b>Pipeline.</b> Right after {@link OrbitRequestDecoder}, before the flow control and
 * {@link OrbitRequestHandler}, so that it sees requests start and end as they are parsed. It consumes
 * {@link OrbitRequestDecoder#REQUEST_STARTED} and passes every other message on. Not sharable; runs on the
 * connection's event loop and keeps at most one scheduled check.
 */
final class OrbitRequestTimeoutHandler extends ChannelInboundHandlerAdapter {
    /** How often a check re-runs while reading is paused (the clock is stopped then). */
    private static final long PAUSED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long timeoutNanos;
    private OrbitReadGate gate;
    private boolean receiving;
    /** {@link #activeNanos()} at the first byte of the request being received. */
    private long startedAt;
    private ScheduledFuture<?> check;

    /** @throws IllegalArgumentException if {@code timeoutMillis} is not positive */
    OrbitRequestTimeoutHandler(long timeoutMillis) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("op.request_timeout must be positive: " + timeoutMillis + " ms");
        }
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        gate = OrbitReadGate.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == OrbitRequestDecoder.REQUEST_STARTED) {
            receiving = true;
            startedAt = activeNanos();
            if (check == null) {
                schedule(ctx, timeoutNanos);
            }
            return;
        }
        if (msg instanceof OrbitRequest || msg instanceof OrbitMalformed) {
            receiving = false; // a scheduled check finds nothing to do and is not renewed
        }
        ctx.fireChannelRead(msg);
    }

    /** A clock that stands still while the node has paused reading. */
    private long activeNanos() {
        return gate.ticker().nanoTime() - gate.pausedNanos();
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!receiving || gate.closing() || !ctx.channel().isActive()) {
            return;
        }
        long left = timeoutNanos - (activeNanos() - startedAt);
        if (left > 0) {
            schedule(ctx, gate.paused() ? Math.max(left, Math.min(timeoutNanos, PAUSED_RECHECK_NANOS)) : left);
            return;
        }
        receiving = false;
        ctx.pipeline().fireUserEventTriggered(new OrbitRequestDecoder.Abandon(OrbitErrorCode.REQUEST_TIMEOUT));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        receiving = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
