package org.orbited.node.bayeux.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.http.shared.HttpResponses;

class BayeuxHttpErrorTest {
    @Test
    void anErrorBothEndpointsAnswerWithIsTheSameBytesInBothCatalogs() {
        List<String> shared = new ArrayList<>();
        for (BayeuxHttpError b : BayeuxHttpError.values()) {
            for (HttpError h : HttpError.values()) {
                if (h.name().equals(b.name())) {
                    assertThat(b.status()).as(b.name()).isEqualTo(h.status());
                    assertThat(b.template()).as(b.name()).isEqualTo(h.template());
                    shared.add(b.name());
                }
            }
        }
        assertThat(shared).containsExactlyInAnyOrder("BAD_PERCENT_ENCODING", "MALFORMED_REQUEST",
                "BAD_WEBSOCKET_HANDSHAKE", "METHOD_NOT_ALLOWED", "UNSUPPORTED_WEBSOCKET_VERSION");
    }

    @Test
    void aBayeuxErrorHasTheCatalogFormAndNeverEchoesAControlCharacter() {
        FullHttpResponse r = HttpResponses.error(BayeuxHttpError.BAYEUX_TRANSPORT_DISABLED, "web\r\nsocket");
        try {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(r.headers().get("Connection")).isEqualTo("close");
            assertThat(r.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("Bayeux transport not enabled: web??socket\n");
        } finally {
            r.release();
        }
    }
}
