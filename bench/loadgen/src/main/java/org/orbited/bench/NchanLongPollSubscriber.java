package org.orbited.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * An Nchan long-poll subscriber on one keep-alive connection (after {@code HttpClientCodec} and
 * {@code HttpObjectAggregator}): {@code GET /sub/CHANNEL}, following {@link NchanLongPoll}'s cursor. Established
 * once its first poll is written (Nchan says nothing until a message).
 */
public final class NchanLongPollSubscriber extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Tally tally;
    private final DeliveryScanner scanner;
    private final Endpoints ep;
    private final String path;
    private final NchanLongPoll cursor = new NchanLongPoll();
    private boolean established;

    public NchanLongPollSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
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
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        req.headers().set(HttpHeaderNames.HOST, ep.hostHeader());
        if (cursor.ifModifiedSince() != null) {
            req.headers().set(HttpHeaderNames.IF_MODIFIED_SINCE, cursor.ifModifiedSince());
        }
        if (cursor.ifNoneMatch() != null) {
            req.headers().set(HttpHeaderNames.IF_NONE_MATCH, cursor.ifNoneMatch());
        }
        ctx.writeAndFlush(req).addListener(f -> {
            if (f.isSuccess() && !established) {
                established = true;
                tally.established();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
        NchanLongPoll.Next next = cursor.onResponse(res.status().code(), res.headers().get(HttpHeaderNames.LAST_MODIFIED),
                res.headers().get(HttpHeaderNames.ETAG));
        if (next == NchanLongPoll.Next.FAIL) {
            tally.error("http_" + res.status().code());
            ctx.close();
            return;
        }
        if (next == NchanLongPoll.Next.DELIVERED_AND_POLL) {
            long before = scanner.count();
            res.content().forEachByte(scanner);
            tally.deliveries(scanner.count() - before);
        }
        poll(ctx);
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
