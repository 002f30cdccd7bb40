package org.orbited.node.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builders for the node's own (non-comet) HTTP responses. */
public final class HttpResponses {
    private HttpResponses() {
    }

    /**
     * The error response of the catalog: HTTP/1.1, {@code text/plain; charset=utf-8}, Content-Length,
     * {@code Connection: close}, and a one-line body.
     */
    public static FullHttpResponse error(HttpError e, Object arg) {
        FullHttpResponse r = ok(HttpResponseStatus.valueOf(e.status()), "text/plain; charset=utf-8",
                (e.message(arg) + "\n").getBytes(StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /** A complete response with {@code body} and its length. */
    public static FullHttpResponse ok(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
