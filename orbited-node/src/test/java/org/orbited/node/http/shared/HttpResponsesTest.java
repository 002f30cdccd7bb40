package org.orbited.node.http.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponsesTest {
    @Test
    void errorHasTheCatalogFormat() {
        FullHttpResponse r = HttpResponses.error(HttpError.BAD_GATEWAY, "h:1");
        try {
            assertThat(r.status().code()).isEqualTo(502);
            assertThat(r.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(r.headers().getInt("Content-Length")).isEqualTo(r.content().readableBytes());
            assertThat(r.headers().get("Connection")).isEqualTo("close");
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("proxy backend unreachable: h:1\n");
        } finally {
            r.release();
        }
    }

    @Test
    void errorBodyIsOneLineEvenForHostileArguments() {
        FullHttpResponse r = HttpResponses.error(HttpError.NOT_FOUND, "/a\r\nX-Injected: 1");
        try {
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("not found: /a??X-Injected: 1\n");
        } finally {
            r.release();
        }
    }
}
