package org.orbited.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/** Nchan publishing: {@code POST /pub/CHANNEL} with the payload as body; 2xx (201 Created, 202 Accepted) accepts. */
public final class NchanPublisher extends HttpPublisherBase {
    private final Endpoints ep;

    public NchanPublisher(Endpoints ep, Tally tally) {
        super(tally);
        this.ep = ep;
    }

    @Override
    protected FullHttpRequest request(int target, byte[] payload) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, ep.publishPath(target),
                Unpooled.wrappedBuffer(payload));
        req.headers().set(HttpHeaderNames.HOST, ep.hostHeader()).set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, payload.length);
        return req;
    }

    @Override
    protected boolean accepted(FullHttpResponse res) {
        return res.status().code() / 100 == 2;
    }
}
