package org.orbited.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.transport.CometRequest;
import org.orbited.node.transport.OpenContext;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.Transports;
import org.orbited.node.transport.netty.CometStarter;

/**
 * Routes each browser request (orbit-protocol.md 3.2): the {@code /favicon.ico} rewrite, {@code /_/}
 * static files and endpoints, pipe-form comet URLs, {@code [proxy]} rules in file order (when
 * {@code proxy.enabled}), the demo page at {@code /}, and everything else as a query-form comet location.
 *
 * <p>Sits after the {@link PipeliningHandler}, which hands it one request at a time (or after the Bayeux endpoint,
 * when enabled), and is named {@link PipelineNames#ROUTER}; one instance per connection.
 * Proxied requests are passed on to the {@link ProxyHandler} with their content. Bad requests get the
 * {@link HttpError} catalog's response and the connection is closed; nothing else is affected.
 */
public final class HttpRouterHandler extends ChannelInboundHandlerAdapter {
    private final HttpSettings settings;
    private final Transports transports;
    private final CometStarter comets;
    private final StaticFiles statics;
    private final NodeEndpoints endpoints;
    private final CometRequestParser parser;
    private final CorsPolicy cors;
    private final PipeliningHandler requests;

    private boolean proxying;
    private boolean discarding;
    private HttpRequest posting;
    private CompositeByteBuf postBody;

    public HttpRouterHandler(HttpSettings settings, Transports transports, CometStarter comets, StaticFiles statics,
                             NodeEndpoints endpoints, PipeliningHandler requests) {
        this.requests = requests;
        this.settings = settings;
        this.transports = transports;
        this.comets = comets;
        this.statics = statics;
        this.endpoints = endpoints;
        this.parser = new CometRequestParser(settings.defaultSession(), settings.defaultTransport());
        this.cors = new CorsPolicy(settings.corsOrigins());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) { // an error was answered and the close is pending: pipelined leftovers start nothing
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (proxying) { // a new request while the previous one still streams: not supported
                ReferenceCountUtil.release(msg);
                fail(ctx, HttpError.MALFORMED_REQUEST, "pipelined request during a proxied request");
                return;
            }
            try {
                route(ctx, req);
            } finally {
                if (!proxying) {
                    ReferenceCountUtil.release(msg);
                }
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            if (proxying) {
                if (content instanceof LastHttpContent) {
                    proxying = false;
                }
                ctx.fireChannelRead(content);
            } else if (posting != null) {
                collect(ctx, content);
            } else {
                content.release();
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    private void route(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException || cause instanceof TooLongHttpHeaderException
                    || cause instanceof TooLongFrameException) {
                fail(ctx, HttpError.HEAD_TOO_LARGE, null);
            } else {
                fail(ctx, HttpError.MALFORMED_REQUEST, cause == null ? "bad request" : cause.getMessage());
            }
            return;
        }
        if (headSize(req) > settings.maxHead()) {
            fail(ctx, HttpError.HEAD_TOO_LARGE, null);
            return;
        }
        String uri = req.uri();
        if (!uri.startsWith("/")) {
            fail(ctx, HttpError.MALFORMED_REQUEST, "request target must start with /");
            return;
        }
        String path = CometRequestParser.stripQuery(uri);
        if (path.equals("/favicon.ico")) {
            path = "/_/favicon.ico";
        }
        if (path.startsWith("/_/")) {
            serveInternal(ctx, req, path);
            return;
        }
        if (statics.webirc().owns(path)) {
            serveWebirc(ctx, req, path);
            return;
        }
        if (CometRequestParser.pipeIndex(path) >= 0) {
            if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
                comet(ctx, req, null);
            } else { // the 0.1 pipe form was only ever fetched
                fail(ctx, HttpError.METHOD_NOT_ALLOWED, req.method());
            }
            return;
        }
        if (settings.proxyEnabled()) {
            for (ProxyRoute rule : settings.proxyRoutes()) {
                if (rule.matches(path)) {
                    if (rule.orbited()) {
                        cometQuery(ctx, req);
                    } else {
                        requests.bodyStreamsToProxy(); // an upload may be slow; http.idle_timeout still applies
                        ctx.channel().attr(ProxyHandler.TARGET).set(rule);
                        proxying = !(req instanceof LastHttpContent);
                        ctx.fireChannelRead(req);
                    }
                    return;
                }
            }
        }
        if (path.equals("/") && isDemoPageRequest(req)) {
            serveStatic(ctx, req, "/");
            return;
        }
        cometQuery(ctx, req);
    }

    /**
     * Whether a request for {@code /} is for the demo page: a {@code GET} that names no {@code transport}, is not a
     * WebSocket upgrade, and either has no {@code user} or is a browser's page load ({@code Sec-Fetch-Dest:
     * document}). So {@code /?user=alice} typed into a browser (the page's own tip) shows the page as alice, while
     * the same URL from curl, an iframe or an 0.2/0.3 client that relies on {@code [transport] default} still
     * opens the comet location {@code /}, as in the originals.
     */
    static boolean isDemoPageRequest(HttpRequest req) {
        if (!req.method().equals(HttpMethod.GET)
                || "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            return false;
        }
        java.util.Map<String, java.util.List<String>> params;
        try {
            params = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).parameters();
        } catch (IllegalArgumentException malformed) {
            return false; // the comet parser answers it with its specific 400
        }
        java.util.List<String> transport = params.get("transport");
        if (transport != null && !transport.stream().allMatch(String::isBlank)) {
            return false;
        }
        return !params.containsKey("user") || "document".equalsIgnoreCase(req.headers().get("Sec-Fetch-Dest"));
    }

    /**
     * The request head's size as sent: request line, header lines and the blank line. The decoder bounds
     * the request line and the header block by {@code http.max_head} each; this bounds them together.
     */
    static long headSize(HttpRequest req) {
        long n = req.method().name().length() + 1 + req.uri().length() + 1 + req.protocolVersion().text().length() + 2;
        for (java.util.Map.Entry<String, String> h : req.headers()) {
            n += h.getKey().length() + 2 + h.getValue().length() + 2;
        }
        return n + 2;
    }

    private void cometQuery(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.method().equals(HttpMethod.OPTIONS)) {
            preflight(ctx, req);
        } else if (req.method().equals(HttpMethod.POST)) {
            long declared = HttpUtil.getContentLength(req, -1L);
            if (declared > settings.maxPost()) {
                fail(ctx, HttpError.POST_TOO_LARGE, null);
                return;
            }
            posting = req;
            postBody = ctx.alloc().compositeBuffer();
            ReferenceCountUtil.retain(req);
            if (req instanceof HttpContent c) {
                collect(ctx, c.retain());
            }
        } else if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
            comet(ctx, req, null);
        } else {
            fail(ctx, HttpError.METHOD_NOT_ALLOWED, req.method());
        }
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        if (postBody.readableBytes() + data.readableBytes() > settings.maxPost()) {
            content.release();
            endPost();
            fail(ctx, HttpError.POST_TOO_LARGE, null);
            return;
        }
        postBody.addComponent(true, data.retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            String form = postBody.toString(StandardCharsets.UTF_8);
            HttpRequest req = posting;
            endPost();
            try {
                comet(ctx, req, form);
            } finally {
                ReferenceCountUtil.release(req);
            }
        }
    }

    private void endPost() {
        if (postBody != null) {
            postBody.release();
            postBody = null;
        }
        if (posting != null) {
            HttpRequest r = posting;
            posting = null;
            ReferenceCountUtil.release(r);
        }
    }

    private void comet(ChannelHandlerContext ctx, HttpRequest req, String form) {
        if (endpoints.shuttingDown()) {
            fail(ctx, HttpError.SHUTTING_DOWN, null);
            return;
        }
        String uri = req.uri();
        boolean pipe = CometRequestParser.pipeIndex(CometRequestParser.stripQuery(uri)) >= 0;
        boolean upgrade = !pipe && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        CometRequest request;
        try {
            request = pipe ? parser.parsePipe(uri)
                    : parser.parseQuery(uri, form, req.headers().get(HttpHeaderNames.COOKIE),
                    req.headers().get("Last-Event-ID"), upgrade);
        } catch (HttpError.Failure f) {
            fail(ctx, f.error(), f.arg());
            return;
        }
        Optional<Transport> transport = pipe ? transports.forPipeForm(request.transport())
                : transports.forQueryForm(request.transport());
        if (transport.isEmpty()) {
            fail(ctx, HttpError.UNKNOWN_TRANSPORT, request.transport());
            return;
        }
        Transport t = transport.get();
        // Several Host lines are joined, so they are never a valid host (RFC 9112 3.2 wants a 400 for them).
        String host = String.join(", ", req.headers().getAll(HttpHeaderNames.HOST));
        if (t.writesHost() && !host.isEmpty() && !HostHeader.isValid(host)) {
            fail(ctx, HttpError.BAD_HOST, host);
            return;
        }
        String origin = t.resumable() ? cors.allow(req.headers().get(HttpHeaderNames.ORIGIN)) : null;
        OpenContext open = new OpenContext(host.isEmpty() ? null : host, origin);
        comets.start(ctx, req, request, t, open);
    }

    private void preflight(ChannelHandlerContext ctx, HttpRequest req) {
        FullHttpResponse r = HttpResponses.ok(HttpResponseStatus.NO_CONTENT, "text/plain; charset=utf-8", new byte[0]);
        r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        String origin = cors.allow(req.headers().get(HttpHeaderNames.ORIGIN));
        if (origin != null) {
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            if (asked != null) {
                r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
            }
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            r.headers().set(HttpHeaderNames.VARY, "Origin");
        }
        respond(ctx, req, r);
    }

    private void serveInternal(ChannelHandlerContext ctx, HttpRequest req, String path) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            fail(ctx, HttpError.METHOD_NOT_ALLOWED, req.method());
            return;
        }
        switch (path) {
            case "/_/status" -> {
                FullHttpResponse r = HttpResponses.ok(HttpResponseStatus.OK, "application/json; charset=utf-8",
                        endpoints.statusJson());
                r.headers().set("Cache-Control", "no-store");
                respond(ctx, req, r);
            }
            case "/_/metrics" -> respond(ctx, req, HttpResponses.ok(HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", endpoints.metricsText().getBytes(StandardCharsets.UTF_8)));
            default -> serveStatic(ctx, req, path);
        }
    }

    private void serveStatic(ChannelHandlerContext ctx, HttpRequest req, String path) {
        Optional<StaticFile> file = statics.find(path);
        if (file.isEmpty()) {
            fail(ctx, HttpError.NOT_FOUND, path);
            return;
        }
        FullHttpResponse r = HttpResponses.ok(HttpResponseStatus.OK, file.get().contentType(), file.get().bytes());
        r.headers().set("Cache-Control", "no-cache");
        respond(ctx, req, r);
    }

    /** {@code [webirc] path}: the widget, the help-desk page and the demo site (WebircFiles); GET and HEAD only. */
    private void serveWebirc(ChannelHandlerContext ctx, HttpRequest req, String path) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            fail(ctx, HttpError.METHOD_NOT_ALLOWED, req.method());
            return;
        }
        WebircFiles webirc = statics.webirc();
        if (path.equals(webirc.prefix())) { // /webirc -> /webirc/, so the demo site's relative links work
            FullHttpResponse r = HttpResponses.ok(HttpResponseStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8",
                    new byte[0]);
            r.headers().set(HttpHeaderNames.LOCATION, path + "/");
            respond(ctx, req, r);
            return;
        }
        Optional<WebircFiles.File> found = webirc.find(path);
        if (found.isEmpty()) {
            fail(ctx, HttpError.NOT_FOUND, path);
            return;
        }
        WebircFiles.File file = found.get();
        FullHttpResponse r;
        if (file.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = HttpResponses.ok(HttpResponseStatus.NOT_MODIFIED, file.contentType(), new byte[0]);
            r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            r = HttpResponses.ok(HttpResponseStatus.OK, file.contentType(), file.bytes());
        }
        r.headers().set(HttpHeaderNames.ETAG, file.etag());
        file.headers().forEach((k, v) -> r.headers().set(k, v));
        respond(ctx, req, r);
    }

    private static void respond(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        if (req.method().equals(HttpMethod.HEAD)) {
            r.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            r.headers().set("Connection", HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (!req.protocolVersion().isKeepAliveDefault()) {
                r.headers().set("Connection", HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(r);
        }
    }

    private void fail(ChannelHandlerContext ctx, HttpError error, Object arg) {
        endPost();
        discarding = true;
        ctx.writeAndFlush(HttpResponses.error(error, arg)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endPost();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
            ctx.close(); // http.idle_timeout: nothing arrived, and the node is not producing an answer
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
