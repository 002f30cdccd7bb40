package org.orbited.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;

/**
 * orbited's {@code long_poll} transport on one keep-alive connection (after {@code HttpClientCodec} and
 * {@code HttpObjectAggregator}): each answer is a JSON array of {@code {"id":…,"data":…}}; the next poll carries
 * the last id as {@code last_event_id} (which also acknowledges). Established once its first poll is written.
 */
public final class OrbitedLongPollSubscriber extends SimpleChannelInboundHandler<FullHttpResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tally tally;
    private final DeliveryScanner scanner;
    private final Endpoints ep;
    private final String path;
    private final boolean oneShot;
    private String lastId;
    private boolean established;

    public OrbitedLongPollSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
        this(tally, scanner, ep, path, false);
    }

    /** With {@code oneShot} the connection is closed after its first answer (churn: reconnect per answer). */
    public OrbitedLongPollSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path, boolean oneShot) {
        this.oneShot = oneShot;
        this.tally = tally;
        this.scanner = scanner;
        this.ep = ep;
        this.path = path;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        tally.connected();
        poll(ctx);
    }

    private void poll(ChannelHandlerContext ctx) {
        String uri = lastId == null ? path : path + "&last_event_id=" + lastId;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        req.headers().set(HttpHeaderNames.HOST, ep.hostHeader());
        ctx.writeAndFlush(req).addListener(f -> {
            if (f.isSuccess() && !established) {
                established = true;
                tally.established();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) throws IOException {
        if (res.status().code() != 200) {
            tally.error("http_" + res.status().code());
            ctx.close();
            return;
        }
        long before = scanner.count();
        res.content().forEachByte(scanner);
        tally.deliveries(scanner.count() - before);
        JsonNode batch = JSON.readTree(new io.netty.buffer.ByteBufInputStream(res.content()));
        for (JsonNode m : batch) {
            if (m.has("id")) {
                lastId = m.get("id").asText();
            } else if (m.has("type") && !tally.isStopping()) {
                tally.error("long_poll_" + m.get("type").asText());
            }
        }
        if (oneShot) {
            ctx.close();
        } else {
            poll(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping() && !oneShot) {
            tally.error("closed_by_server");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("io_" + cause.getClass().getSimpleName());
        ctx.close();
    }
}
