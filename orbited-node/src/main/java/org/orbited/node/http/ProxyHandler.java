package org.orbited.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;
import org.orbited.node.http.shared.ReadGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development reverse proxy of the {@code [proxy]} rules (orbit-protocol.md 3.1, 3.2): a plain HTTP/1.1
 * proxy that streams requests and responses and strips hop-by-hop headers.
 *
 * <p><b>Pipeline position.</b> Browser-facing, after {@link HttpServerCodec} and after the router. The router
 * sends a request to a backend by setting {@link #TARGET} on the channel and then firing the
 * {@link HttpRequest} and all its {@link HttpContent}s through the {@link LastHttpContent}. This handler
 * reads and clears the attribute when the request head arrives; a request without it (or with an
 * {@code ORBITED} rule) and its content are passed on untouched.
 *
 * <p><b>Backend.</b> One backend connection at a time, on the browser channel's event loop, so all state here
 * is touched by one thread. With {@code keepalive} on, the connection is kept after a keep-alive response and
 * reused by the next request to the same {@code host:port}; it is closed after {@code keepaliveTimeout} idle.
 * With it off, every request gets a fresh connection and is sent with {@code Connection: close}. The request
 * URI goes to the backend unchanged (the prefix is not stripped, as in Orbited), with {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} added.
 *
 * <p><b>Errors.</b> A backend that cannot be reached, or that fails before the response head, gets a
 * {@link HttpError#BAD_GATEWAY} answer and the browser connection is closed. A backend that fails mid-response
 * closes the browser connection. Browser close closes the backend.
 *
 * <p><b>Flow control.</b> Each side's reading follows the other side's writability (the browser's through its
 * {@link ReadGate}, which other handlers may hold as well). Requests
 * pipelined behind a proxied request are held (and browser reads paused) until its response is complete, so
 * responses keep their order. Created per browser channel; not sharable.
 */
public final class ProxyHandler extends ChannelInboundHandlerAdapter {
    /** Set by the router, before it fires the request head, to send that request to a backend. */
    public static final AttributeKey<ProxyRoute> TARGET = AttributeKey.valueOf(ProxyHandler.class, "TARGET");

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private final boolean keepalive;
    private final Duration keepaliveTimeout;
    private final Class<? extends SocketChannel> clientChannelClass;

    private ChannelHandlerContext ctx;
    private Channel backend;              // connecting, carrying an exchange, or idle for reuse
    private String backendTarget;         // host:port of backend
    private boolean connecting;
    private ScheduledFuture<?> idleClose;
    private Exchange exchange;            // the proxied request/response in progress
    private boolean browserClosing;       // the browser connection is being closed: drop whatever comes in
    private boolean draining;
    private final List<Object> pending = new ArrayList<>();          // request parts written before connect
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();    // pipelined messages behind an exchange

    public ProxyHandler(boolean keepalive, Duration keepaliveTimeout,
                        Class<? extends SocketChannel> clientChannelClass) {
        this.keepalive = keepalive;
        this.keepaliveTimeout = Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
        this.clientChannelClass = Objects.requireNonNull(clientChannelClass, "clientChannelClass");
    }

    /** One proxied request/response pair. */
    private static final class Exchange {
        final String target;
        final HttpMethod method;
        final HttpVersion version;
        boolean browserKeepAlive;
        Channel backend;
        boolean requestDone;
        boolean responseStarted;   // a final (non-1xx) response head went to the browser
        boolean responseDone;      // the response is complete, or failed: drop the rest of the request
        boolean interim;           // relaying a 1xx response
        boolean reusable;          // the backend connection may carry another request afterwards

        Exchange(String target, HttpRequest req) {
            this.target = target;
            this.method = req.method();
            this.version = req.protocolVersion();
            this.browserKeepAlive = HttpUtil.isKeepAlive(req);
        }
    }

    private record Parked(Object msg, ProxyRoute rule) {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyRoute rule = msg instanceof HttpRequest ? ctx.channel().attr(TARGET).getAndSet(null) : null;
        if (browserClosing) {
            ReferenceCountUtil.release(msg);
        } else if (!parked.isEmpty() || (exchange != null && exchange.requestDone)) {
            parked.add(new Parked(msg, rule));
            updateBrowserReads();
        } else {
            dispatch(msg, rule);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushBackend();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && backend != null && !connecting) {
            backend.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cleanup();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanup();
    }

    /** Returns whether {@code msg} went on down the pipeline. */
    private boolean dispatch(Object msg, ProxyRoute rule) {
        if (exchange != null) {
            forwardRequestPart(msg);
            return false;
        }
        if (msg instanceof HttpRequest req && rule != null && !rule.orbited()) {
            startExchange(req, rule);
            return false;
        }
        ctx.fireChannelRead(msg);
        return true;
    }

    private void startExchange(HttpRequest req, ProxyRoute rule) {
        String target = rule.host() + ":" + rule.port();
        Exchange x = new Exchange(target, req);
        exchange = x;
        prepareRequest(req);
        if (backend != null && !connecting && backend.isActive() && target.equals(backendTarget)) {
            cancelIdleClose();
            backend.config().setAutoRead(ctx.channel().isWritable());
        } else {
            closeBackend();
            connect(rule, target);
        }
        x.backend = backend;
        forwardRequestPart(req);
    }

    private void prepareRequest(HttpRequest req) {
        HttpHeaders h = req.headers();
        HopByHop.strip(h);
        String client = clientAddress();
        String xff = h.get(X_FORWARDED_FOR);
        h.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? client : xff + ", " + client);
        h.set(X_FORWARDED_PROTO, "http");
        String host = h.get(HttpHeaderNames.HOST);
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        }
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!keepalive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private String clientAddress() {
        SocketAddress a = org.orbited.node.http.shared.ConnectionRoute.client(ctx.channel());
        if (a instanceof InetSocketAddress in && in.getAddress() != null) {
            return in.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }

    private void forwardRequestPart(Object msg) {
        Exchange x = exchange;
        if (x.responseDone) {
            ReferenceCountUtil.release(msg); // the backend already answered or failed
        } else if (connecting) {
            pending.add(msg);
        } else {
            backend.write(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        if (msg instanceof LastHttpContent) {
            x.requestDone = true;
            if (x.responseDone) {
                finishExchange();
            }
        }
    }

    private void connect(ProxyRoute rule, String target) {
        connecting = true;
        backendTarget = target;
        Bootstrap b = new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(clientChannelClass)
                .option(ChannelOption.AUTO_READ, ctx.channel().isWritable())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new BackendHandler());
                    }
                });
        ChannelFuture f = b.connect(rule.host(), rule.port());
        backend = f.channel();
        updateBrowserReads();
        f.addListener((ChannelFutureListener) this::connected);
    }

    private void connected(ChannelFuture f) {
        if (f.channel() != backend) {
            f.channel().close(); // superseded, or the browser went away while connecting
            return;
        }
        connecting = false;
        if (!f.isSuccess()) {
            log.debug("proxy backend {} unreachable", backendTarget, f.cause());
            backend = null;
            if (exchange != null && !exchange.responseDone) {
                badGateway(exchange);
            }
            return;
        }
        backend.config().setAutoRead(ctx.channel().isWritable()); // it may have changed while connecting
        for (Object m : pending) {
            backend.write(m).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        pending.clear();
        backend.flush();
        updateBrowserReads();
    }

    /** A response head from the backend, before it goes to the browser. */
    private void prepareResponse(HttpResponse r, Exchange x) {
        HttpHeaders h = r.headers();
        HopByHop.strip(h);
        if (x.interim) {
            return;
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(r);
        if (chunked && !x.version.isKeepAliveDefault()) {
            h.remove(HttpHeaderNames.TRANSFER_ENCODING); // an HTTP/1.0 browser cannot read chunks
            chunked = false;
        }
        boolean delimited = chunked || h.contains(HttpHeaderNames.CONTENT_LENGTH) || bodyless(r.status(), x.method);
        if (!delimited) {
            x.browserKeepAlive = false; // the body ends when the connection does
        }
        if (!x.browserKeepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!x.version.isKeepAliveDefault()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static boolean bodyless(HttpResponseStatus s, HttpMethod method) {
        return HttpMethod.HEAD.equals(method) || s.code() < 200 || s.code() == 204 || s.code() == 304;
    }

    private static boolean isInterim(HttpResponseStatus s) {
        return s.code() >= 100 && s.code() < 200 && s.code() != 101;
    }

    private void responseDone(Exchange x, Object last) {
        x.responseDone = true;
        ChannelFuture f = ctx.writeAndFlush(last);
        if (!x.browserKeepAlive) {
            browserClosing = true;
            f.addListener(ChannelFutureListener.CLOSE);
        }
        if (x.reusable && x.requestDone && x.backend == backend && backend.isActive()) {
            keepIdle(backend);
        } else if (x.backend == backend) {
            closeBackend();
        }
        if (x.requestDone) {
            finishExchange();
        }
    }

    private void badGateway(Exchange x) {
        x.responseDone = true;
        x.browserKeepAlive = false;
        browserClosing = true;
        releasePending();
        if (x.backend == backend) {
            closeBackend();
        }
        ctx.writeAndFlush(HttpResponses.error(HttpError.BAD_GATEWAY, x.target))
                .addListener(ChannelFutureListener.CLOSE);
        if (x.requestDone) {
            finishExchange();
        }
    }

    private void abortMidResponse(Exchange x) {
        x.responseDone = true;
        browserClosing = true;
        ctx.flush();
        ctx.close();
    }

    private void finishExchange() {
        Exchange x = exchange;
        exchange = null;
        if (!x.browserKeepAlive) {
            releaseParked();
            return;
        }
        drainParked();
    }

    private void drainParked() {
        if (draining) {
            return;
        }
        draining = true;
        boolean passedOn = false;
        try {
            while (!parked.isEmpty() && !browserClosing && (exchange == null || !exchange.requestDone)) {
                Parked p = parked.poll();
                passedOn |= dispatch(p.msg(), p.rule());
            }
        } finally {
            draining = false;
        }
        flushBackend();
        if (passedOn) {
            ctx.fireChannelReadComplete();
        }
        updateBrowserReads();
    }

    private void keepIdle(Channel b) {
        if (keepaliveTimeout.isZero() || keepaliveTimeout.isNegative()) {
            closeBackend();
            return;
        }
        b.config().setAutoRead(true); // so that a backend close is noticed while idle
        idleClose = b.eventLoop().schedule(() -> {
            if (backend == b && exchange == null) {
                closeBackend();
            }
        }, keepaliveTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleClose() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    private void flushBackend() {
        if (exchange != null && backend != null && !connecting) {
            backend.flush();
        }
    }

    private void updateBrowserReads() {
        boolean read = parked.isEmpty() && !connecting
                && (exchange == null || backend == null || backend.isWritable());
        ReadGate.of(ctx.channel()).hold(this, !read);
    }

    private void closeBackend() {
        cancelIdleClose();
        Channel b = backend;
        backend = null;
        connecting = false;
        if (b != null) {
            b.close();
        }
    }

    private void releasePending() {
        for (Object m : pending) {
            ReferenceCountUtil.release(m);
        }
        pending.clear();
    }

    private void releaseParked() {
        Parked p;
        while ((p = parked.poll()) != null) {
            ReferenceCountUtil.release(p.msg());
        }
    }

    private void cleanup() {
        closeBackend();
        releasePending();
        releaseParked();
        exchange = null;
        if (ctx != null) {
            ReadGate.of(ctx.channel()).hold(this, false);
        }
    }

    /** The backend connection's last handler, after {@link HttpClientCodec}. Runs on the browser's loop. */
    private final class BackendHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext bctx, Object msg) {
            Exchange x = exchange;
            if (x == null || x.backend != bctx.channel() || x.responseDone) {
                ReferenceCountUtil.release(msg);
                bctx.close(); // a response nobody is waiting for: the connection is out of step
                return;
            }
            if (msg instanceof HttpResponse r) {
                if (r.decoderResult().isFailure()) {
                    log.debug("bad response from proxy backend {}", x.target, r.decoderResult().cause());
                    ReferenceCountUtil.release(msg);
                    bctx.close(); // channelInactive answers 502 or closes the browser
                    return;
                }
                x.interim = isInterim(r.status());
                if (!x.interim) {
                    x.responseStarted = true;
                    x.reusable = keepalive && HttpUtil.isKeepAlive(r);
                }
                prepareResponse(r, x);
            }
            if (!(msg instanceof LastHttpContent)) {
                ctx.write(msg);
            } else if (x.interim) {
                x.interim = false;
                ctx.write(msg);
            } else {
                responseDone(x, msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext bctx) {
            if (bctx.channel() == backend) {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext bctx) {
            if (bctx.channel() == backend) {
                updateBrowserReads();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext bctx) {
            Channel ch = bctx.channel();
            if (ch == backend) {
                cancelIdleClose();
                backend = null;
            }
            Exchange x = exchange;
            if (x != null && x.backend == ch && !x.responseDone) {
                if (x.responseStarted) {
                    abortMidResponse(x);
                } else {
                    badGateway(x);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext bctx, Throwable cause) {
            log.debug("proxy backend connection failed", cause);
            bctx.close();
        }
    }
}
