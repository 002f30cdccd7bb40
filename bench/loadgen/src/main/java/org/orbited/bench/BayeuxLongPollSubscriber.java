package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.function.Consumer;

/**
 * A Bayeux long-polling client on one keep-alive connection, after {@code HttpClientCodec} and
 * {@code HttpObjectAggregator}: handshake (keeping its own {@code BAYEUX_BROWSER} cookie, one jar per simulated
 * client), subscribe, then connect after connect. It is established when its first connect is answered, i.e.
 * the next one is parked. Deliveries riding connect replies are counted by the scanner. With no channel it is
 * the session keeper of a {@link BayeuxPublisher} and reports its session through {@code onSession}.
 */
public final class BayeuxLongPollSubscriber extends SimpleChannelInboundHandler<FullHttpResponse> {
    private enum Phase { HANDSHAKE, SUBSCRIBE, CONNECT }

    private static final String TYPE = "long-polling";

    private final Tally tally;
    private final DeliveryScanner scanner;
    private final Endpoints ep;
    private final String channel;
    private final Consumer<BayeuxLongPollSubscriber> onSession;
    private Phase phase = Phase.HANDSHAKE;
    private long nextId = 1;
    private String clientId;
    private String cookie;
    private boolean established;

    public BayeuxLongPollSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String channel,
                                    Consumer<BayeuxLongPollSubscriber> onSession) {
        this.tally = tally;
        this.scanner = scanner;
        this.ep = ep;
        this.channel = channel;
        this.onSession = onSession;
    }

    public String clientId() {
        return clientId;
    }

    public String cookie() {
        return cookie;
    }

    /** A Bayeux POST of {@code body} to the mount, with the cookie when there is one. */
    static FullHttpRequest post(Endpoints ep, String cookie, byte[] body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, ep.bayeuxPath(),
                Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, ep.hostHeader())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (cookie != null) {
            req.headers().set(HttpHeaderNames.COOKIE, cookie);
        }
        return req;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        tally.connected();
        send(ctx, BayeuxMessages.handshake(nextId++, TYPE));
    }

    private void send(ChannelHandlerContext ctx, byte[] body) {
        ctx.writeAndFlush(post(ep, cookie, body));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
        if (res.status().code() != 200) {
            fail(ctx, "http_" + res.status().code());
            return;
        }
        ByteBuf content = res.content();
        long before = scanner.count();
        content.forEachByte(scanner);
        tally.deliveries(scanner.count() - before);
        byte[] body = ByteBufUtil.getBytes(content);
        switch (phase) {
            case HANDSHAKE -> {
                clientId = BayeuxMessages.clientId(body, body.length);
                String c = BayeuxMessages.browserCookie(res.headers().getAll(HttpHeaderNames.SET_COOKIE));
                cookie = c != null ? c : cookie;
                if (clientId == null) {
                    fail(ctx, "bayeux_handshake_failed");
                    return;
                }
                if (channel != null) {
                    phase = Phase.SUBSCRIBE;
                    send(ctx, BayeuxMessages.subscribe(nextId++, clientId, channel));
                } else {
                    phase = Phase.CONNECT;
                    send(ctx, BayeuxMessages.connect(nextId++, clientId, TYPE, true));
                }
            }
            case SUBSCRIBE -> {
                if (BayeuxMessages.failed(body, body.length, "/meta/subscribe")) {
                    fail(ctx, "bayeux_subscribe_failed");
                    return;
                }
                phase = Phase.CONNECT;
                send(ctx, BayeuxMessages.connect(nextId++, clientId, TYPE, true));
            }
            case CONNECT -> {
                if (BayeuxMessages.failed(body, body.length, "/meta/connect")) {
                    fail(ctx, "bayeux_connect_failed");
                    return;
                }
                if (!established) {
                    established = true;
                    tally.established();
                    if (onSession != null) {
                        onSession.accept(this);
                    }
                }
                send(ctx, BayeuxMessages.connect(nextId++, clientId, TYPE, false));
            }
            default -> throw new IllegalStateException("phase " + phase);
        }
    }

    private void fail(ChannelHandlerContext ctx, String kind) {
        tally.error(kind);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping()) {
            tally.error("closed_by_server");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("io_" + cause.getClass().getSimpleName());
        ctx.close();
    }
}
