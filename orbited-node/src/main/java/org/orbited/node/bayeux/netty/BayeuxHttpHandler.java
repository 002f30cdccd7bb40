package org.orbited.node.bayeux.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.orbited.node.bayeux.BayeuxServer;
import org.orbited.node.bayeux.BayeuxMessage;
import org.orbited.node.bayeux.BayeuxParseException;
import org.orbited.node.bayeux.BayeuxTransportType;
import org.orbited.node.bayeux.BayeuxSettings;
import org.orbited.node.http.shared.HttpResponses;

/**
 * The Bayeux endpoint on the HTTP port: every request whose path is the mount ({@code /cometd}) or under it
 * ({@code /cometd/handshake}, {@code /cometd/connect}, ... as CometD JS appends; the path is never used to
 * dispatch). POST bodies are long-polling, GETs with a {@code message} parameter callback-polling (JSONP), GET
 * upgrades WebSocket; OPTIONS answers CORS preflights. Everything else passes on to the router.
 *
 * <p>Sits between the {@code http.PipeliningHandler} and the router; one instance per connection. That handler passes
 * on one request at a time, after the previous one's response went out, so a pipelined request never overtakes a
 * parked connect (HTTP/1.1) and there is at most one exchange here. Bodies are bounded by
 * {@code bayeux.max_message_size}, and in time by {@code http.head_timeout}.
 */
public final class BayeuxHttpHandler extends ChannelInboundHandlerAdapter {
    /** Longest request URI the endpoint takes (JSONP requests carry their messages in it); 414 beyond. */
    public static final int MAX_URI_LENGTH = 8192;

    private final BayeuxServer engine;
    private final BayeuxSettings config;
    private final BayeuxWebSocketStarter webSockets;
    private HttpExchange current;
    private HttpRequest posting;
    private CompositeByteBuf body;
    private boolean passing;
    private boolean discarding;

    public BayeuxHttpHandler(BayeuxServer engine, BayeuxWebSocketStarter webSockets) {
        this.engine = engine;
        this.config = engine.settings();
        this.webSockets = webSockets;
    }

    /** True when {@code path} (no query) belongs to the endpoint mounted at {@code mount}. */
    public static boolean isUnder(String path, String mount) {
        return path.equals(mount) || (path.startsWith(mount) && path.charAt(mount.length()) == '/');
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null && msg instanceof HttpRequest) {
            // The pipelining handler before this one holds a request until the previous answer went out.
            ReferenceCountUtil.release(msg);
            reject(ctx, BayeuxHttpError.MALFORMED_REQUEST, "request before the previous response");
            return;
        }
        if (msg instanceof HttpRequest req) {
            String path = pathOf(req.uri());
            if (req.decoderResult().isFailure() || path == null || !isUnder(path, config.path())) {
                passing = true;
                ctx.fireChannelRead(msg);
                if (msg instanceof LastHttpContent) {
                    passing = false;
                }
                return;
            }
            passing = false;
            route(ctx, req); // the codec's requests are not reference-counted; their contents follow
            return;
        }
        if (passing) {
            if (msg instanceof LastHttpContent) {
                passing = false;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpContent content && posting != null) {
            collect(ctx, content);
            return;
        }
        if (!(msg instanceof io.netty.handler.codec.http.HttpObject)) {
            ctx.fireChannelRead(msg); // not HTTP (a connection another handler took over): not ours
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    private static String pathOf(String uri) {
        if (uri == null || !uri.startsWith("/")) {
            return null;
        }
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private void route(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.uri().length() > MAX_URI_LENGTH) {
            reject(ctx, BayeuxHttpError.BAYEUX_URI_TOO_LONG, MAX_URI_LENGTH);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (req.method().equals(HttpMethod.OPTIONS)) {
            preflight(ctx, req, origin);
            return;
        }
        if (req.method().equals(HttpMethod.GET) && isWebSocketUpgrade(req)) {
            webSockets.start(ctx, req);
            return;
        }
        if (req.method().equals(HttpMethod.POST)) {
            startPost(ctx, req);
            return;
        }
        if (req.method().equals(HttpMethod.GET)) {
            callbackPolling(ctx, req, origin);
            return;
        }
        reject(ctx, BayeuxHttpError.METHOD_NOT_ALLOWED, req.method());
    }

    static boolean isWebSocketUpgrade(HttpRequest req) {
        // "Upgrade: h2c" (java.net.http's default) is ignored: the request is served as HTTP/1.1.
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void preflight(ChannelHandlerContext ctx, HttpRequest req, String origin) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        String allowed = BayeuxCors.allowed(config, origin);
        BayeuxCors.addHeaders(r.headers(), allowed);
        if (allowed != null) {
            r.headers().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            r.headers().set("Access-Control-Allow-Headers", asked != null ? asked : "Content-Type");
            r.headers().set("Access-Control-Max-Age", "86400");
        }
        r.headers().setInt("Content-Length", 0);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            r.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(r).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    private void startPost(ChannelHandlerContext ctx, HttpRequest req) {
        if (!config.transports().contains(BayeuxTransportType.LONG_POLLING.wire())) {
            reject(ctx, BayeuxHttpError.BAYEUX_TRANSPORT_DISABLED, BayeuxTransportType.LONG_POLLING.wire());
            return;
        }
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            reject(ctx, BayeuxHttpError.BAYEUX_FORM_BODY, null);
            return;
        }
        if (HttpUtil.getContentLength(req, -1L) > config.maxMessageSize()) {
            reject(ctx, BayeuxHttpError.BAYEUX_TOO_LARGE, "bayeux.max_message_size");
            return;
        }
        posting = req;
        body = ctx.alloc().compositeBuffer();
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        if (body.readableBytes() + data.readableBytes() > config.maxMessageSize()) {
            content.release();
            endPost();
            reject(ctx, BayeuxHttpError.BAYEUX_TOO_LARGE, "bayeux.max_message_size");
            return;
        }
        body.addComponent(true, data.retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            HttpRequest req = posting;
            byte[] bytes = ByteBufUtil.getBytes(body);
            endPost();
            dispatch(ctx, req, bytes, BayeuxTransportType.LONG_POLLING, null);
        }
    }

    private void endPost() {
        posting = null;
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void callbackPolling(ChannelHandlerContext ctx, HttpRequest req, String origin) {
        if (!config.transports().contains(BayeuxTransportType.CALLBACK_POLLING.wire())) {
            reject(ctx, BayeuxHttpError.BAYEUX_TRANSPORT_DISABLED, BayeuxTransportType.CALLBACK_POLLING.wire());
            return;
        }
        QueryStringDecoder q;
        try {
            q = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
            q.parameters();
        } catch (IllegalArgumentException e) {
            reject(ctx, BayeuxHttpError.BAD_PERCENT_ENCODING, "the query");
            return;
        }
        List<String> cb = q.parameters().get(config.callbackParameter());
        String callback = cb == null || cb.isEmpty() ? JsonpCallback.DEFAULT : cb.get(0);
        if (!JsonpCallback.isValid(callback)) {
            reject(ctx, BayeuxHttpError.BAYEUX_BAD_CALLBACK, null);
            return;
        }
        List<String> message = q.parameters().get("message");
        if (message == null || message.isEmpty()) {
            reject(ctx, BayeuxHttpError.BAYEUX_MISSING_MESSAGE, null);
            return;
        }
        byte[] bytes = message.get(0).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > config.maxMessageSize()) {
            reject(ctx, BayeuxHttpError.BAYEUX_TOO_LARGE, "bayeux.max_message_size");
            return;
        }
        dispatch(ctx, req, bytes, BayeuxTransportType.CALLBACK_POLLING, callback);
    }

    private void dispatch(ChannelHandlerContext ctx, HttpRequest req, byte[] bytes, BayeuxTransportType transport,
                          String callback) {
        List<BayeuxMessage> batch;
        try {
            batch = engine.codec().parse(bytes);
        } catch (BayeuxParseException e) {
            if (e.problem().httpStatus() == 413) {
                reject(ctx, BayeuxHttpError.BAYEUX_TOO_LARGE,
                        e.problem() == BayeuxParseException.Problem.TOO_MANY_MESSAGES
                                ? "bayeux.max_messages_per_request" : "bayeux.max_message_size");
            } else {
                reject(ctx, BayeuxHttpError.BAYEUX_MALFORMED, e.getMessage());
            }
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String browser = BrowserCookie.read(req.headers(), config.browserCookieName());
        HttpExchange exchange = new HttpExchange(ctx.channel(), config, transport, browser, origin,
                BayeuxCors.allowed(config, origin), callback, HttpUtil.isKeepAlive(req),
                handshakes(batch) ? credentials(req, transport, origin) : org.orbited.node.auth.HttpCredentials.NONE,
                () -> exchangeDone(ctx));
        current = exchange;
        engine.handle(batch, exchange);
    }

    /**
     * A handshake request's credentials for the authenticator. Its {@code Authorization} header always (a page
     * cannot make a browser send one cross-site); its cookies only on long-polling from the node's own origin, an
     * {@code allowed_origins} origin, or a client sending no {@code Origin} (not a browser: browsers send it on every
     * POST). Never on callback-polling: a {@code <script>} tag on any site sends the cookies with no Origin and
     * reads the answer, so a cookie there would hand a victim's identity to the including page.
     */
    private org.orbited.node.auth.HttpCredentials credentials(HttpRequest req, BayeuxTransportType transport,
                                                             String origin) {
        boolean cookiesTrusted = transport == BayeuxTransportType.LONG_POLLING && (origin == null
                || BayeuxCors.sameOrigin(origin, req.headers().get(HttpHeaderNames.HOST))
                || config.allowsOrigin(origin));
        return BrowserCookie.credentials(req.headers().get(HttpHeaderNames.AUTHORIZATION),
                cookiesTrusted ? req.headers().getAll(HttpHeaderNames.COOKIE) : List.of());
    }

    /**
     * The batch holds a handshake: only then are the request's credentials kept (a held connect need not keep its
     * request's headers).
     */
    private static boolean handshakes(List<BayeuxMessage> batch) {
        for (BayeuxMessage m : batch) {
            if (m.channel().filter("/meta/handshake"::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The current exchange's response went out: the next request may come. Runs on the event loop. */
    private void exchangeDone(ChannelHandlerContext ctx) {
        current = null;
    }

    private void reject(ChannelHandlerContext ctx, BayeuxHttpError error, Object arg) {
        engine.stats().badRequest();
        discarding = true;
        endPost();
        FullHttpResponse r = HttpResponses.error(error, arg);
        // The client may still be sending the body it was refused for: closing at once could reset the
        // connection before it reads the answer (RFC 9112 9.6). Input is discarded meanwhile; the linger is bounded.
        ctx.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || error.status() != 413) {
                f.channel().close();
            } else {
                f.channel().eventLoop().schedule(() -> f.channel().close(), LINGER_MILLIS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
    }

    /** How long a connection refused with 413 may go on sending its body before it is closed. */
    static final long LINGER_MILLIS = 1000;

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        HttpExchange e = current;
        if (e != null) {
            e.channelClosed();
        }
        endPost();
        super.channelInactive(ctx);
    }
}
