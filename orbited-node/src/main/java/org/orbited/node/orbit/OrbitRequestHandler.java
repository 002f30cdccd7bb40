package org.orbited.node.orbit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behaviour of one Orbit connection: hands each {@link OrbitRequest} to the {@link OrbitDispatcher}
 * with a reply sink, and answers each {@link OrbitMalformed} itself (orbit-protocol.md §2.2).
 *
 * <p><b>Pipeline.</b> Last, after {@link OrbitRequestDecoder}, {@link OrbitRequestTimeoutHandler} and the flow
 * control (Netty's {@code FlowControlHandler}, which holds decoded requests back while reading is paused).
 * Not sharable; runs on the connection's I/O thread. A malformed request gets its {@code Failure} or
 * {@code Error} reply; when its code {@linkplain OrbitErrorCode#closesConnection() closes}, reading stops and the
 * connection is closed once the requests already dispatched are answered too and every reply has been flushed. The graceful-shutdown user
 * event from {@link OrbitServer#closeConnections()} does the same without a reply. A
 * {@link OrbitErrorCode#MISSING_VERSION_LINE} is logged at WARN once per connection, so that the author of a new
 * client sees it in the node's log too.
 *
 * <p><b>Half-close.</b> An application may shut down its sending side once it has written its requests
 * ({@code printf ... | nc}: FIN after the last byte) and still read the replies: the server channel allows half
 * closure, and on the input shutdown the connection is closed only once every request dispatched (or held by the
 * flow control) has been answered and its reply flushed. A request cut off by the FIN is not answered.
 *
 * <p><b>Backpressure.</b> Reading stops ({@link OrbitReadGate}) while either holds, and replies are never dropped
 * for a slow reader:
 * <ul>
 *   <li>more than {@code maxReplyBacklog} unwritten reply bytes are queued: the channel's write-buffer high water
 *       mark (low mark half of it); reading resumes below the low mark;</li>
 *   <li>{@code maxInFlight} requests, or {@code maxInFlightBytes} of their bodies and recipient values, have been
 *       dispatched and not yet answered (replies overtake each other, so this is counted apart from the
 *       backlog); reading resumes once both are at half their limit or below. The flow control makes this
 *       exact: no request is dispatched past the limit, even from the rest of a read that held many.</li>
 * </ul>
 */
public final class OrbitRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OrbitRequestHandler.class);

    /** User event (sent by {@link OrbitServer#closeConnections()}) that closes after flushing. */
    static final Object CLOSE_AFTER_FLUSH = new Object();

    private final OrbitDispatcher dispatcher;
    private final OrbitStats stats;
    private final int maxReplyBacklog;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private OrbitReadGate gate;
    private int inFlight;
    private long inFlightBytes;
    private boolean warnedVersion;
    private boolean inputShutdown;
    /** A closing error was answered: close once the requests in flight are answered too. */
    private boolean closeAfterAnswers;
    private boolean closed;
    private Channel channel;
    /** A route move stopped this connection ({@link OrbitRouteClose#STOP_ACCEPTING}). */
    private boolean refusing;
    /** A route move closes this connection once every dispatched request is answered. */
    private boolean closingForMove;
    /** The cutoffs of the requests dispatched and not yet answered (event loop only). */
    private final java.util.Map<ChannelReplySink, Runnable> cutoffs = new java.util.IdentityHashMap<>();

    /** A handler with no in-flight limit (tests). */
    public OrbitRequestHandler(OrbitDispatcher dispatcher, OrbitStats stats, int maxReplyBacklog) {
        this(dispatcher, stats, maxReplyBacklog, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** @throws IllegalArgumentException if a limit is not positive */
    public OrbitRequestHandler(OrbitDispatcher dispatcher, OrbitStats stats, int maxReplyBacklog,
                               int maxInFlight, long maxInFlightBytes) {
        if (maxReplyBacklog < 1 || maxInFlight < 1 || maxInFlightBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: maxReplyBacklog=" + maxReplyBacklog
                    + " maxInFlight=" + maxInFlight + " maxInFlightBytes=" + maxInFlightBytes);
        }
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.maxReplyBacklog = maxReplyBacklog;
        this.maxInFlight = maxInFlight;
        this.maxInFlightBytes = maxInFlightBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(maxReplyBacklog / 2, maxReplyBacklog));
        gate = OrbitReadGate.of(ctx.channel());
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OrbitRequest request) {
            dispatch(ctx.channel(), request);
        } else if (msg instanceof OrbitMalformed malformed) {
            replyToMalformed(ctx.channel(), malformed);
        } else if (msg != OrbitRequestDecoder.REQUEST_STARTED) { // only of use to the timeout handler
            ctx.fireChannelRead(msg);
        }
    }

    private void dispatch(Channel channel, OrbitRequest request) {
        stats.countRequestIn();
        long cost = cost(request);
        inFlight++;
        inFlightBytes += cost;
        if (inFlight >= maxInFlight || inFlightBytes >= maxInFlightBytes) {
            gate.hold(OrbitReadGate.Reason.IN_FLIGHT, true);
        }
        ChannelReplySink[] self = new ChannelReplySink[1];
        ChannelReplySink sink = new ChannelReplySink(channel, request.id(), stats, () -> answered(cost, self[0]));
        self[0] = sink;
        if (refusing || channel.attr(OrbitRouteClose.STOPPED).get() != null) {
            sink.reply(OrbitReplies.failure(request.id(), allRecipients(request)));
            return;
        }
        try {
            Runnable cutoff = dispatcher.dispatchWithCutoff(request, sink);
            if (!sink.answered()) {
                cutoffs.put(sink, cutoff);
            }
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

    /** Bytes a request holds while in flight: its body and recipient values. */
    private static long cost(OrbitRequest request) {
        long bytes = request.body().length;
        for (String r : request.recipients()) {
            bytes += r.length();
        }
        return bytes;
    }

    /** The failure form of every recipient of {@code request}, for a request refused by a route move. */
    private static java.util.List<String> allRecipients(OrbitRequest request) {
        java.util.List<String> forms = new java.util.ArrayList<>();
        for (Recipient r : Recipient.parseDistinct(request.recipients())) {
            forms.add(r.failureForm());
        }
        return forms;
    }

    /** On the event loop, when the reply to a dispatched request is given. */
    private void answered(long cost, ChannelReplySink sink) {
        cutoffs.remove(sink);
        inFlight--;
        inFlightBytes -= cost;
        if (gate.holds(OrbitReadGate.Reason.IN_FLIGHT)
                && inFlight <= maxInFlight / 2 && inFlightBytes <= maxInFlightBytes / 2) {
            gate.hold(OrbitReadGate.Reason.IN_FLIGHT, false);
        }
        if ((inputShutdown || closeAfterAnswers || closingForMove) && inFlight == 0) {
            // after the current task, which writes this reply (ChannelReplySink answers, then writes)
            channel.eventLoop().execute(() -> closeWhenAnswered(channel));
        }
    }

    /**
     * After the peer's FIN: closes once nothing is left to answer. While reading is paused the flow control may
     * still hold decoded requests; they are released when the gate opens (then dispatched, then answered), so
     * this waits for an open gate and no request in flight, and runs again at each of those moments.
     */
    private void closeWhenAnswered(Channel ch) {
        if (closed || inFlight > 0 || !ch.isActive()) {
            return;
        }
        // after a FIN, requests held by the flow control are released when the gate opens: wait for that too
        boolean finDone = inputShutdown && !gate.paused() && !gate.closing();
        if (closeAfterAnswers || closingForMove || finDone) {
            closeAfterFlush(ch);
        }
    }

    private void replyToMalformed(Channel channel, OrbitMalformed malformed) {
        stats.countMalformedIn();
        if (malformed.code() == OrbitErrorCode.MISSING_VERSION_LINE && !warnedVersion) {
            warnedVersion = true;
            log.warn("Orbit request without version line from {} (id {}): a request starts with 'Orbit 1.0' "
                    + "then 'Event'; answered with a Failure, not delivered",
                    org.orbited.node.http.shared.ConnectionRoute.client(channel), malformed.id());
        } else {
            log.debug("malformed Orbit request on {}: {}", channel, malformed);
        }
        ChannelReplySink.write(channel, OrbitReplies.forMalformed(malformed), stats, malformed.id());
        if (malformed.code().closesConnection()) {
            // nothing more is read; the requests still in flight are answered first (each within event.deadline)
            gate.closeForGood();
            closeAfterAnswers = true;
            closeWhenAnswered(channel);
        }
    }

    /** Stops reading for good and closes once every reply written so far has been flushed. */
    private void closeAfterFlush(Channel channel) {
        closed = true;
        gate.closeForGood();
        // a flush of nothing completes after every earlier write, including replies from the core
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == CLOSE_AFTER_FLUSH) {
            closeAfterFlush(ctx.channel());
        } else if (evt == OrbitRouteClose.STOP_ACCEPTING) {
            refusing = true;
            closingForMove = true;
            closeWhenAnswered(ctx.channel());
        } else if (evt == OrbitRouteClose.FAIL_UNDELIVERED_AND_CLOSE) {
            refusing = true;
            closingForMove = true;
            for (Runnable cutoff : new java.util.ArrayList<>(cutoffs.values())) {
                cutoff.run(); // replies come back through answered(), possibly right here
            }
            closeWhenAnswered(ctx.channel());
        } else if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            closeWhenAnswered(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.hold(OrbitReadGate.Reason.REPLY_BACKLOG, !ctx.channel().isWritable());
        closeWhenAnswered(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing Orbit connection {} after error", ctx.channel(), cause);
        ctx.close();
    }
}
