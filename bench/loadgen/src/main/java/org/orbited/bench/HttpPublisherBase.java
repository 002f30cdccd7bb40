package org.orbited.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Pipelined HTTP publishing on one keep-alive connection (after {@code HttpClientCodec} and
 * {@code HttpObjectAggregator}); responses come back in request order, so each one settles the oldest publish.
 */
abstract class HttpPublisherBase extends PublisherHandler {
    HttpPublisherBase(Tally tally) {
        super(tally);
    }

    protected abstract FullHttpRequest request(int target, byte[] payload);

    /** Whether this response accepted its publish. */
    protected abstract boolean accepted(FullHttpResponse res);

    @Override
    public void publish(int target, byte[] payload) {
        channel.write(request(target, payload), channel.voidPromise());
        sent = sent + 1;
        markSent();
    }

    /** Settles one publish per response and releases it; anything else passes on (as a SimpleChannelInboundHandler). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse res)) {
            ctx.fireChannelRead(msg);
            return;
        }
        markAnswered(1);
        try {
            if (accepted(res)) {
                accepted = accepted + 1;
            } else {
                rejected = rejected + 1;
                tally.error("publish_http_" + res.status().code());
            }
        } finally {
            res.release();
        }
    }
}
