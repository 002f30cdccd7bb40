package org.orbited.node.bayeux.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.node.bayeux.BayeuxServer;
import org.orbited.node.bayeux.BayeuxTransportType;
import org.orbited.node.bayeux.BayeuxSettings;
import org.orbited.node.http.shared.HttpResponses;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.http.shared.WebSocketKeyCheck;

/**
 * Upgrades a request on the Bayeux mount to a Bayeux WebSocket, or refuses it with a clean HTTP error and
 * {@code Connection: close} before any {@code 101} (bayeux.md 4.3), so CometD clients fall back to
 * long-polling: 400 when the transport is off or the handshake is malformed (a {@code Sec-WebSocket-Key} that is
 * missing or not 16 bytes in base64 included), 403 for an origin that is neither the node's own nor in
 * {@code bayeux.allowed_origins}, 426 for a version other than 13 ({@link WebSocketKeyCheck}).
 */
public final class BayeuxWebSocketStarter {
    private final BayeuxServer engine;
    private final BayeuxSettings config;
    private final long pingMillis;
    private final java.util.function.Consumer<io.netty.channel.Channel> track;
    /** The ping sweep of each event loop that has had a Bayeux WebSocket. */
    private final ConcurrentHashMap<EventExecutor, QuietSocketSweep> sweeps = new ConcurrentHashMap<>();

    /**
     * @param pingMillis idle time after which the node pings (and twice that without any frame closes)
     * @param track      told of every upgraded channel (the node's connection groups)
     */
    public BayeuxWebSocketStarter(BayeuxServer engine, long pingMillis,
                                  java.util.function.Consumer<io.netty.channel.Channel> track) {
        this.engine = engine;
        this.config = engine.settings();
        this.pingMillis = pingMillis;
        this.track = track;
    }

    void start(ChannelHandlerContext ctx, HttpRequest req) {
        if (!config.transports().contains(BayeuxTransportType.WEBSOCKET.wire())) {
            refuse(ctx, HttpResponses.error(BayeuxHttpError.BAYEUX_TRANSPORT_DISABLED,
                    BayeuxTransportType.WEBSOCKET.wire()));
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (origin != null && !BayeuxCors.sameOrigin(origin, host) && !config.allowsOrigin(origin)) {
            refuse(ctx, HttpResponses.error(BayeuxHttpError.ORIGIN_NOT_ALLOWED, origin));
            return;
        }
        String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        WebSocketKeyCheck.Problem problem = WebSocketKeyCheck.check(version,
                req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        if (problem == WebSocketKeyCheck.Problem.UNSUPPORTED_VERSION) {
            FullHttpResponse r = HttpResponses.error(BayeuxHttpError.UNSUPPORTED_WEBSOCKET_VERSION,
                    version == null ? "none given" : version);
            r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketKeyCheck.VERSION);
            refuse(ctx, r);
            return;
        }
        if (problem != null) {
            refuse(ctx, HttpResponses.error(BayeuxHttpError.BAD_WEBSOCKET_HANDSHAKE, problem.text()));
            return;
        }
        String url = "ws://" + (host == null ? "localhost" : host) + req.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false,
                config.maxMessageSize()).newHandshaker(req); // version 13: never null
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
        String browser = BrowserCookie.read(req.headers(), config.browserCookieName());
        ChannelFuture handshake;
        try {
            handshake = handshaker.handshake(ctx.channel(), full);
        } catch (WebSocketHandshakeException e) {
            refuse(ctx, HttpResponses.error(BayeuxHttpError.BAD_WEBSOCKET_HANDSHAKE, e.getMessage()));
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        QuietSocketSweep sweep = pingMillis <= 0 ? null
                : sweeps.computeIfAbsent(ctx.channel().eventLoop(), loop -> new QuietSocketSweep(loop, pingMillis));
        BayeuxWebSocketHandler handler = new BayeuxWebSocketHandler(engine, browser, sweep,
                BrowserCookie.credentials(req.headers().get(HttpHeaderNames.AUTHORIZATION),
                        req.headers().getAll(HttpHeaderNames.COOKIE)));
        // The handshake put the frame codec where the HTTP codec was; the Bayeux handlers take the rest.
        // No idle handler: the loop's sweep pings quiet sockets and closes silent ones.
        p.replace(ctx.name(), PipelineNames.BAYEUX_WS_AGGREGATOR, new WebSocketFrameAggregator(config.maxMessageSize()));
        p.addAfter(PipelineNames.BAYEUX_WS_AGGREGATOR, PipelineNames.BAYEUX_WS, handler);
        while (p.last() != handler) {
            p.removeLast(); // router, proxy
        }
        if (p.get(PipelineNames.HTTP_IDLE) != null) {
            p.remove(PipelineNames.HTTP_IDLE);
        }
        if (p.get(PipelineNames.PIPELINING) != null) {
            p.remove(PipelineNames.REQUEST_START);
            p.remove(PipelineNames.PIPELINING);
        }
        handshake.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.channel().close();
            } else {
                track.accept(ctx.channel());
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpResponse r) {
        engine.stats().badRequest();
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
