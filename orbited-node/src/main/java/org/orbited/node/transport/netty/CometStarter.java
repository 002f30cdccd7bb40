package org.orbited.node.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.orbited.node.core.Hub;
import org.orbited.node.core.Session;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;
import org.orbited.node.http.shared.ConnectionRoute;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.http.shared.WebSocketKeyCheck;
import org.orbited.node.transport.CometRequest;
import org.orbited.node.transport.OpenContext;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * Turns a routed comet request into a browser connection: rewires the channel's pipeline for the
 * transport family, writes the head, and attaches the connection to its session in the hub.
 *
 * <p>Streams and 0.1 polls take the channel over: the HTTP codec and the router are removed, raw bytes
 * follow. Long polls keep the codec so the connection can carry the next poll. WebSocket upgrades
 * through Netty's handshaker; a failed upgrade is an HTTP error.
 */
public final class CometStarter {
    /** Largest frame a browser may send on the comet WebSocket (acks only). */
    private static final int MAX_BROWSER_FRAME = 8192;

    private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("orbited.access");
    private final Hub hub;
    private final TransportSettings settings;
    private final ChannelGroup cometChannels;

    /** {@code cometChannels} collects every channel that carries a comet connection (for shutdown). */
    public CometStarter(Hub hub, TransportSettings settings, ChannelGroup cometChannels) {
        this.hub = hub;
        this.settings = settings;
        this.cometChannels = cometChannels;
    }

    /**
     * Starts {@code transport} for {@code request} on the channel of {@code ctx} (on its event loop); the pipeline
     * is the HTTP port's ({@link PipelineNames}).
     */
    public void start(ChannelHandlerContext ctx, HttpRequest httpRequest, CometRequest request, Transport transport,
                      OpenContext open) {
        switch (transport.family()) {
            case STREAM -> startStream(ctx, request, transport, open);
            case XHR_POLL -> startXhrPoll(ctx, request, transport);
            case LONG_POLL -> startLongPoll(ctx, httpRequest, request, transport, open);
            case WEBSOCKET -> startWebSocket(ctx, httpRequest, request, transport);
            default -> throw new IllegalStateException("unknown family " + transport.family());
        }
    }

    private void startStream(ChannelHandlerContext ctx, CometRequest request, Transport transport, OpenContext open) {
        byte[] head = transport.head(open);
        byte[] prologue = transport.prologue(open);
        StreamConnection c = new StreamConnection(ctx.channel(), transport, settings, hub.stats(), prologue.length);
        ChannelPipeline p = ctx.pipeline();
        p.addLast(DiscardInboundHandler.INSTANCE);
        takeOver(p);
        c.enqueue(Unpooled.wrappedBuffer(head, prologue), null);
        c.startPings(transport.pingMillis(settings));
        attach(c, request);
    }

    private void startXhrPoll(ChannelHandlerContext ctx, CometRequest request, Transport transport) {
        XhrPollConnection c = new XhrPollConnection(ctx.channel(), transport, settings, hub.stats());
        ChannelPipeline p = ctx.pipeline();
        p.addLast(DiscardInboundHandler.INSTANCE);
        takeOver(p);
        c.armTimeout(); // before attaching, so an immediate answer can cancel it
        attach(c, request);
    }

    private void startLongPoll(ChannelHandlerContext ctx, HttpRequest httpRequest, CometRequest request,
                               Transport transport, OpenContext open) {
        // http.idle_timeout stays: the pipelining handler drops its events while the poll is held, and it closes
        // the connection when the browser keeps it idle after the answer.
        boolean keepAlive = HttpUtil.isKeepAlive(httpRequest);
        LongPollConnection c = new LongPollConnection(ctx.channel(), transport, settings, hub.stats(), open,
                keepAlive);
        c.armTimeout(); // before attaching, so an immediate answer can cancel it
        attach(c, request);
    }

    private void startWebSocket(ChannelHandlerContext ctx, HttpRequest httpRequest, CometRequest request,
                                Transport transport) {
        String version = httpRequest.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        WebSocketKeyCheck.Problem problem = WebSocketKeyCheck.check(version,
                httpRequest.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        if (problem == WebSocketKeyCheck.Problem.UNSUPPORTED_VERSION) {
            FullHttpResponse r = HttpResponses.error(HttpError.UNSUPPORTED_WEBSOCKET_VERSION,
                    version == null ? "none given" : version);
            r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketKeyCheck.VERSION);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (problem != null) {
            ctx.writeAndFlush(HttpResponses.error(HttpError.BAD_WEBSOCKET_HANDSHAKE, problem.text()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String url = "ws://" + httpRequest.headers().get(HttpHeaderNames.HOST, "localhost") + httpRequest.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false,
                MAX_BROWSER_FRAME).newHandshaker(httpRequest); // version 13: never null
        FullHttpRequest full = new DefaultFullHttpRequest(httpRequest.protocolVersion(), httpRequest.method(),
                httpRequest.uri(), Unpooled.EMPTY_BUFFER, httpRequest.headers(),
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        WebSocketConnection c = new WebSocketConnection(ctx.channel(), transport, settings, hub.stats());
        ChannelPipeline p = ctx.pipeline();
        ChannelFuture handshake;
        try {
            // checks the request before touching the pipeline, so a rejected upgrade can still answer in HTTP
            handshake = handshaker.handshake(ctx.channel(), full);
        } catch (WebSocketHandshakeException e) {
            ctx.writeAndFlush(HttpResponses.error(HttpError.BAD_WEBSOCKET_HANDSHAKE, e.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        long ping = transport.pingMillis(settings);
        // In the router's place, right behind the frame decoder the handshake puts where the HTTP codec was.
        // Reader idle only: a writer-idle rule would put a listener on every write; the connection pings itself.
        p.replace(PipelineNames.ROUTER, PipelineNames.WS_IDLE,
                new IdleStateHandler(2 * ping, 0, 0, TimeUnit.MILLISECONDS));
        // Text frames must be UTF-8 (RFC 6455 8.1), fragmented ones too; the frame handler closes with 1007.
        p.addBefore(PipelineNames.WS_IDLE, PipelineNames.WS_UTF8, new Utf8FrameValidator(false));
        p.addAfter(PipelineNames.WS_IDLE, PipelineNames.WS_FRAMES, new WebSocketFrameHandler(c));
        removeProxy(p);
        handshake.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            c.startPings(ping);
            attach(c, request);
        });
    }

    /**
     * The connection is the transport's from now on: no more HTTP parsing, routing or proxying, and no flush
     * consolidation (the connection's drain already writes everything queued with one flush).
     */
    private static void takeOver(ChannelPipeline p) {
        p.remove(PipelineNames.HTTP_CODEC);
        p.remove(PipelineNames.ROUTER);
        removeProxy(p);
        if (p.get(PipelineNames.FLUSH) != null) {
            p.remove(PipelineNames.FLUSH);
        }
    }

    private static void removeProxy(ChannelPipeline p) {
        if (p.get(PipelineNames.PROXY) != null) {
            p.remove(PipelineNames.PROXY);
        }
        if (p.get(PipelineNames.PIPELINING) != null) {
            p.remove(PipelineNames.REQUEST_START); // one request, then the transport's own rules
            p.remove(PipelineNames.PIPELINING);
        }
        if (p.get(PipelineNames.HTTP_IDLE) != null) {
            p.remove(PipelineNames.HTTP_IDLE); // comet connections keep their own liveness rules
        }
        if (p.get(PipelineNames.BAYEUX) != null) {
            p.remove(PipelineNames.BAYEUX); // frames and raw bytes are not Bayeux requests
        }
    }

    private void attach(ChannelConnection c, CometRequest request) {
        cometChannels.add(c.channel);
        ConnectionRoute.markPush(c.channel);
        c.askHello(request.hello());
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {}", ConnectionRoute.client(c.channel), c.transportName(), request.key().failureForm(),
                    request.channels().isEmpty() ? "" : request.channels());
        }
        Session s = hub.attach(request.key(), c, request.lastEventId(), request.channels(), request.attempt());
        if (s == null) {
            // closed with 4003 by the session: an attempt the client had given up before its next one got here
            ACCESS.info("{} {} {} refused: stale attempt {} of instance {}", ConnectionRoute.client(c.channel),
                    c.transportName(), request.key().failureForm(), request.attempt().number(),
                    request.attempt().instance());
            return;
        }
        c.bind(s);
    }
}
