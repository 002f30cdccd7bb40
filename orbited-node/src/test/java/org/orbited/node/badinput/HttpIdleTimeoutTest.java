package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/** {@code http.idle_timeout}: idle and slow HTTP clients are closed; comet connections are not. */
class HttpIdleTimeoutTest {
    @Test
    void idleAndHalfSentRequestsAreClosedWhileQuietStreamsStayOpen() {
        try (RunningNode node = RunningNode.start(b -> b.httpIdleTimeout(Duration.ofSeconds(1))
                .modernPingInterval(Duration.ofSeconds(60)));
             RawHttp idle = RawHttp.connect(node.httpPort());
             RawHttp half = RawHttp.connect(node.httpPort());
             RawHttp kept = RawHttp.send(node.httpPort(), "GET /_/about HTTP/1.1\r\nHost: x\r\n\r\n");
             RawHttp stream = node.get("/q?user=q&transport=sse");
             OrbitTestClient app = node.orbit()) {
            half.write("GET /q?user=slow".getBytes(StandardCharsets.ISO_8859_1)); // never finished
            kept.awaitText("</html>");
            stream.awaitText("retry: 2000");

            idle.awaitClose(Duration.ofSeconds(10));
            half.awaitClose(Duration.ofSeconds(10));
            kept.awaitClose(Duration.ofSeconds(10)); // kept alive after its response, then idle

            // The stream has been quiet for as long as the others, and still delivers.
            String id = app.send("\"still here\"", "q, 0, /q");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            assertThat(stream.awaitText("data: \"still here\"")).isNotEmpty();
            assertThat(stream.isClosedByServer()).isFalse();
        }
    }
}
