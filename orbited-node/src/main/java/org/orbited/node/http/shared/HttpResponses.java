package org.orbited.node.http.shared;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds the node's canned HTTP responses, so every handler answers errors the same way. */
public final class HttpResponses {
    // Header names as the reference writes them (Netty's constants are lower case; both are valid HTTP).
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String CONNECTION = "Connection";

    private HttpResponses() {
    }

    /**
     * The error response of orbit-protocol.md 3.2: {@code HTTP/1.1}, {@code Content-Type: text/plain;
     * charset=utf-8}, {@code Content-Length}, {@code Connection: close}, and the body {@code e.message(arg)}
     * followed by one LF. The caller owns the returned buffer and should close the channel after
     * writing it.
     */
    public static FullHttpResponse error(PlainTextError e, Object arg) {
        byte[] body = (e.message(arg) + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.status()),
                Unpooled.wrappedBuffer(body));
        r.headers()
                .set(CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(CONTENT_LENGTH, body.length)
                .set(CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /** A complete response with {@code body} and its length. */
    public static FullHttpResponse ok(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(CONTENT_TYPE, contentType);
        r.headers().setInt(CONTENT_LENGTH, body.length);
        return r;
    }
}
