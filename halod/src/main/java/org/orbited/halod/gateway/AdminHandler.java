package org.orbited.halod.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The admin port's routes: {@code GET /status}, {@code GET /metrics}, {@code POST /drain?node=NAME}; 405 for another
 * method on them, 404 for anything else. Each answer is computed on the control thread (one consistent view) and
 * written back on the admin channel's loop. Requests are bounded by the pipeline (8 KiB headers, 4 KiB body).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ClusterController controller;
    private final EventLoop controlLoop;
    private final GatewayConfig config;
    private final RelayTracker relay;

    AdminHandler(ClusterController controller, EventLoop controlLoop, GatewayConfig config, RelayTracker relay) {
        this.controller = controller;
        this.controlLoop = controlLoop;
        this.config = config;
        this.relay = relay;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n", false);
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        HttpMethod want = switch (path) {
            case "/status", "/metrics" -> HttpMethod.GET;
            case "/drain" -> HttpMethod.POST;
            default -> null;
        };
        if (want == null) {
            send(ctx, HttpResponseStatus.NOT_FOUND, "text/plain", "not found: " + path + "\n", keepAlive);
            return;
        }
        if (!req.method().equals(want)) {
            FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain",
                    path + " takes " + want + "\n");
            r.headers().set(HttpHeaderNames.ALLOW, want.name());
            write(ctx, r, keepAlive);
            return;
        }
        switch (path) {
            case "/status" -> onControl(ctx, keepAlive, () -> new Answer(HttpResponseStatus.OK, "application/json",
                    AdminViews.status(controller, config, relay) + "\n"));
            case "/metrics" -> onControl(ctx, keepAlive, () -> new Answer(HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", AdminViews.metrics(controller, relay)));
            default -> {
                List<String> node = q.parameters().get("node");
                if (node == null || node.size() != 1 || node.get(0).isEmpty()) {
                    send(ctx, HttpResponseStatus.BAD_REQUEST, "text/plain", "POST /drain?node=NAME\n", keepAlive);
                    return;
                }
                String name = node.get(0);
                onControl(ctx, keepAlive, () -> {
                    String error = controller.drainByName(name);
                    return error == null
                            ? new Answer(HttpResponseStatus.ACCEPTED, "text/plain", "draining " + name + "\n")
                            : new Answer(HttpResponseStatus.CONFLICT, "text/plain", error + "\n");
                });
            }
        }
    }

    private record Answer(HttpResponseStatus status, String type, String body) {
    }

    private void onControl(ChannelHandlerContext ctx, boolean keepAlive, Callable<Answer> work) {
        controlLoop.submit(work).addListener(f -> {
            Answer a = f.isSuccess() ? (Answer) f.getNow()
                    : new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", f.cause() + "\n");
            ctx.executor().execute(() -> send(ctx, a.status(), a.type(), a.body(), keepAlive));
        });
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body,
                             boolean keepAlive) {
        write(ctx, response(status, type, body), keepAlive);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
