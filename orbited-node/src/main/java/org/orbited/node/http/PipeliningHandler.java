package org.orbited.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.orbited.node.http.shared.CloseKeepAlive;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.http.shared.ReadGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one HTTP connection's requests one at a time, in order, and in time.
 *
 * <p><b>One at a time.</b> A request is passed on only once the response to the one before it has been written
 * (the write of its last part completed). So a client that pipelines requests and never reads makes the node hold
 * one response, not one per request, and no response overtakes another (a long poll, a parked Bayeux connect and a
 * proxied request are answered in order). Requests decoded meanwhile wait here while reading is paused
 * ({@link ReadGate}); more than {@code http.max_pipelined} waiting requests, or more than
 * {@value #MAX_WAITING_BODY_BYTES} bytes of their bodies, close the connection (a log line says so). The requests of
 * one socket read are all decoded before the pause takes effect, so a client that sends a burst deeper than the
 * limit is closed, one that waits for answers is not.
 *
 * <p><b>In time</b> ({@code http.head_timeout}). From the first bytes of a request, its head and its body must be
 * complete within the timeout, however the bytes trickle in; otherwise the answer is {@link HttpError#REQUEST_TIMEOUT}
 * and the connection closes (only the close, if that request was already answered). A body the router hands to the
 * proxy is exempt ({@link #bodyStreamsToProxy}): it is streamed, not held, and may be slow. The clock stops while an
 * earlier request is still unanswered and starts afresh when it is. It starts with the first socket read that
 * carries the request: a request whose first bytes come in the read that completes the one before starts its clock
 * with its next read (until then {@code http.idle_timeout} is the bound).
 *
 * <p><b>Idle.</b> {@link IdleStateEvent}s ({@code http.idle_timeout}) are dropped while the node is producing the
 * answer to a fully received request (a held long poll, a parked connect, a slow proxy backend); otherwise they pass
 * on and the router closes the connection.
 *
 * <p><b>Closed between requests.</b> {@link CloseKeepAlive} (a route move) closes the connection as soon as no
 * response is under way: at once, or right after the last part of the response under way is written.
 *
 * <p>Sits right after the {@code HttpServerCodec} ({@link PipelineNames#PIPELINING}), and its {@link #arrivalWatch()}
 * right before it ({@link PipelineNames#REQUEST_START}); both leave when a comet stream or a WebSocket takes the
 * connection over, releasing what waits. One instance per connection; event loop only.
 */
public final class PipeliningHandler extends ChannelDuplexHandler {
    /** Bytes of request bodies that may wait behind an unanswered request. */
    static final int MAX_WAITING_BODY_BYTES = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(PipeliningHandler.class);

    private final int maxPipelined;
    private final long headTimeoutNanos;
    private ChannelHandlerContext ctx;

    private final ArrayDeque<Object> waiting = new ArrayDeque<>(4); // usually empty: kept small per connection
    private int waitingRequests;
    private long waitingBodyBytes;

    // Requests are numbered from 1 in arrival order.
    private long arrived;          // heads decoded
    private boolean arrivalOpen;   // the last decoded head's body is still arriving
    private long dispatched;       // heads passed on
    private long written;          // responses whose last part went to write()
    private long answered;         // responses whose last part was written out
    private boolean interim;       // relaying a 1xx response, which does not answer the request

    private long clockStart = -1;  // when the arriving request's clock started (now()); -1: none arriving
    private boolean exempt;        // the arriving request's body streams to the proxy
    private ScheduledFuture<?> timer;
    private boolean closing;
    private boolean closeWhenAnswered; // CloseKeepAlive while a response was under way

    /**
     * @param maxPipelined     requests that may wait behind an unanswered one ({@code http.max_pipelined})
     * @param headTimeoutMillis time for a request's head and body ({@code http.head_timeout}), 0 for none
     */
    public PipeliningHandler(int maxPipelined, long headTimeoutMillis) {
        this.maxPipelined = maxPipelined;
        this.headTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headTimeoutMillis);
    }

    /** The handler that goes right before the HTTP codec and tells this one when a request's first bytes come. */
    public ChannelInboundHandlerAdapter arrivalWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                // Empty lines between requests are allowed (RFC 9112 2.2) and start nothing.
                if (msg instanceof ByteBuf b && clockStart < 0 && !(arrivalOpen && exempt)
                        && b.forEachByte(ByteProcessor.FIND_NON_CRLF) >= 0) {
                    clockStart = c.executor().ticker().nanoTime();
                }
                c.fireChannelRead(msg);
            }
        };
    }

    /**
     * Called by the router as it hands the request now being passed on to the proxy: its body is streamed to the
     * backend as it comes and is not bound by {@code http.head_timeout}.
     */
    void bodyStreamsToProxy() {
        if (arrivalOpen && arrived == dispatched) {
            exempt = true;
            clockStart = -1;
            cancelTimer();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg); // not HTTP: a connection another handler is taking over
            return;
        }
        if (msg instanceof HttpRequest) {
            arrived++;
            arrivalOpen = true;
            if (clockStart < 0) {
                clockStart = now();
            }
        }
        if (msg instanceof LastHttpContent) {
            arrivalOpen = false;
            exempt = false;
            clockStart = -1;
            cancelTimer();
        }
        if (!waiting.isEmpty() || (msg instanceof HttpRequest && answered < dispatched)) {
            hold(msg);
        } else {
            pass(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        updateTimer();
        ctx.fireChannelReadComplete();
    }

    private void pass(Object msg) {
        if (msg instanceof HttpRequest) {
            dispatched++;
        }
        ctx.fireChannelRead(msg);
    }

    private void hold(Object msg) {
        waiting.add(msg);
        if (msg instanceof HttpRequest) {
            waitingRequests++;
        }
        if (msg instanceof HttpContent c) {
            waitingBodyBytes += c.content().readableBytes();
        }
        if (waitingRequests > maxPipelined || waitingBodyBytes > MAX_WAITING_BODY_BYTES) {
            log.warn("closing HTTP connection from {}: {} sent ahead of an unanswered request",
                    org.orbited.node.http.shared.ConnectionRoute.client(ctx.channel()), waitingRequests > maxPipelined
                            ? "more than " + maxPipelined + " requests (http.max_pipelined)"
                            : "more than " + MAX_WAITING_BODY_BYTES + " bytes of request bodies");
            closing = true;
            releaseWaiting();
            ctx.close();
            return;
        }
        ReadGate.of(ctx.channel()).hold(this, true);
    }

    /** Passes on what waits, up to the next request that must wait for an answer. Runs as its own task. */
    private void drain() {
        boolean passed = false;
        // a closed connection's waiting requests are released by channelInactive, never passed on: a held comet
        // request would otherwise attach to its session and replace that session's live connection
        while (!waiting.isEmpty() && !closing && !ctx.isRemoved() && ctx.channel().isActive()) {
            Object next = waiting.peek();
            if (next instanceof HttpRequest && answered < dispatched) {
                break;
            }
            waiting.poll();
            if (next instanceof HttpRequest) {
                waitingRequests--;
            }
            if (next instanceof HttpContent c) {
                waitingBodyBytes -= c.content().readableBytes();
            }
            pass(next);
            passed = true;
        }
        if (ctx.isRemoved() || closing) {
            return;
        }
        if (waiting.isEmpty()) {
            ReadGate.of(ctx.channel()).hold(this, false);
        }
        updateTimer();
        if (passed) {
            ctx.fireChannelReadComplete(); // what the handlers after this one flush on (the proxy's backend writes)
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r) {
            int code = r.status().code();
            interim = code >= 100 && code < 200 && code != 101;
        }
        if (msg instanceof LastHttpContent) {
            if (interim) {
                interim = false;
            } else {
                written++;
                ChannelPromise p = promise.unvoid();
                p.addListener((ChannelFutureListener) f -> answeredOne());
                ctx.write(msg, p);
                return;
            }
        }
        ctx.write(msg, promise);
    }

    /** The last part of a response was written out (or failed): the next request may go. */
    private void answeredOne() {
        if (ctx.isRemoved() || closing || !ctx.channel().isActive()) {
            return;
        }
        boolean wasReady = ready();
        answered = Math.min(answered + 1, dispatched);
        if (closeWhenAnswered && answered >= dispatched) {
            closeNow();
            return;
        }
        if (!wasReady && ready() && clockStart >= 0) {
            clockStart = now(); // the node kept it waiting: its time starts now
        }
        if (!waiting.isEmpty()) {
            ctx.executor().execute(this::drain);
        } else {
            updateTimer();
        }
    }

    /** The number of the request now arriving (its head decoded and its body not, or only its first bytes). */
    private long arriving() {
        return arrivalOpen ? arrived : arrived + 1;
    }

    /** Whether every request before the arriving one is answered, so the node waits on the client alone. */
    private boolean ready() {
        return answered >= arriving() - 1;
    }

    /** Whether the node is producing the answer to a request it has received whole. */
    private boolean producing() {
        return dispatched > written && !(arrivalOpen && arrived == dispatched);
    }

    private void updateTimer() {
        if (headTimeoutNanos <= 0 || closing) {
            return;
        }
        if (clockStart < 0 || !ready()) {
            cancelTimer();
        } else if (timer == null) {
            long delay = Math.max(0, clockStart + headTimeoutNanos - now());
            timer = ctx.executor().schedule(this::timedOut, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** The event loop's clock (a test's {@code EmbeddedChannel} moves it by hand). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void timedOut() {
        timer = null;
        if (closing || ctx.isRemoved() || clockStart < 0 || !ready()) {
            return;
        }
        closing = true;
        releaseWaiting();
        if (written >= arriving()) {
            ctx.close(); // that request was answered already; only its body is late
            return;
        }
        ctx.writeAndFlush(HttpResponses.error(HttpError.REQUEST_TIMEOUT, null)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * {@link CloseKeepAlive}: closes now when no response is under way (a request only partly received is dropped
     * unanswered), else right after the response under way; requests waiting behind it are never passed on.
     */
    private void closeBetweenRequests() {
        if (closing) {
            return;
        }
        if (answered >= dispatched) {
            closeNow();
        } else {
            closeWhenAnswered = true;
        }
    }

    private void closeNow() {
        closing = true;
        cancelTimer();
        releaseWaiting();
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == CloseKeepAlive.INSTANCE) {
            closeBetweenRequests();
            return;
        }
        if (evt instanceof IdleStateEvent && producing()) {
            return; // the node, not the client, is the one being waited on
        }
        super.userEventTriggered(ctx, evt);
    }

    private void releaseWaiting() {
        Object m;
        while ((m = waiting.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        waitingRequests = 0;
        waitingBodyBytes = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        releaseWaiting(); // requests sent behind one that took the connection over: no longer HTTP
        ReadGate.of(ctx.channel()).hold(this, false);
    }
}
