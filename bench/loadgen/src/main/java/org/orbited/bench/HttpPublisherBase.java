package org.orbited.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Pipelined HTTP publishing on one keep-alive connection (after {@code HttpClientCodec} and
 * {@code HttpObjectAggregator}); responses come back in request order, so each one settles the oldest publish.
 */
abstract class HttpPublisherBase extends SimpleChannelInboundHandler<FullHttpResponse> implements Publisher {
    protected final Tally tally;
    protected Channel channel;
    private volatile long sent;
    private volatile long accepted;
    private volatile long rejected;

    HttpPublisherBase(Tally tally) {
        this.tally = tally;
    }

    protected abstract FullHttpRequest request(int target, byte[] payload);

    /** Whether this response accepted its publish. */
    protected abstract boolean accepted(FullHttpResponse res);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public void publish(int target, byte[] payload) {
        channel.write(request(target, payload), channel.voidPromise());
        sent = sent + 1;
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
        if (accepted(res)) {
            accepted = accepted + 1;
        } else {
            rejected = rejected + 1;
            tally.error("publish_http_" + res.status().code());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping()) {
            tally.error("publisher_closed");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("publisher_io_" + cause.getClass().getSimpleName());
        ctx.close();
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long accepted() {
        return accepted;
    }

    @Override
    public long rejected() {
        return rejected;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
