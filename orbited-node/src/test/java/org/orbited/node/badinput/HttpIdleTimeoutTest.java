package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.testing.EchoBackend;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * {@code http.idle_timeout}: idle and slow HTTP clients are closed; comet streams are not, nor is a connection while
 * the node is still producing its answer.
 */
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

    /**
     * A held long poll and a slow proxied answer are not idle, however long they take; the kept-alive connection
     * after either is, and is closed (it used to lose its idle timeout for good).
     */
    @Test
    void heldAnswersAreNotIdleButTheirConnectionsAreClosedWhenIdleAfterwards() {
        try (EchoBackend backend = new EchoBackend();
             RunningNode node = RunningNode.start(b -> b.httpIdleTimeout(Duration.ofSeconds(1))
                     .longPollTimeout(Duration.ofSeconds(3))
                     .proxyRules(List.of(new ProxyRule("/up/", "127.0.0.1", backend.port(), false))));
             RawHttp poll = RawHttp.send(node.httpPort(), "GET /lp?user=l&transport=long_poll HTTP/1.1\r\nHost: x\r\n\r\n");
             RawHttp proxied = RawHttp.send(node.httpPort(), "POST /up/echo HTTP/1.1\r\nHost: x\r\n"
                     + "Content-Length: 2\r\n\r\nok")) {
            String answered = poll.awaitText("[]", Duration.ofSeconds(10)); // after long_poll.timeout, 3 idle periods
            assertThat(answered).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Connection: close");
            proxied.awaitText("\r\n\r\nok");
            poll.awaitClose(Duration.ofSeconds(10));
            proxied.awaitClose(Duration.ofSeconds(10));
        }
    }
}
