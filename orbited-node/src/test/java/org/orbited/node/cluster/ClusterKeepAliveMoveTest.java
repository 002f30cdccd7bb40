package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * Kept-alive HTTP connections on a moved route (a browser's pooled connection that carried a page or an earlier
 * poll): closed at once when idle, right after the response under way otherwise, so that the browser's next request
 * (after the reconnect instruction) never reaches the former owner, which would answer 503 while draining.
 * The drain or move time is 10 s: a connection seen closed earlier was not closed by the operation's bound.
 */
class ClusterKeepAliveMoveTest {
    private static final Duration WAIT = Duration.ofSeconds(8); // below LONG_DRAIN: only to avoid hanging
    private static final long LONG_DRAIN = 10_000;
    private static final String RECONNECT_END = "event: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n";

    /** Whether {@code text} holds one whole response with a Content-Length body. */
    static boolean wholeResponse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length: ");
        if (at < 0) {
            return false;
        }
        int eol = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 16, eol < 0 ? head.length() : eol).trim());
        return text.length() >= end + 4 + length;
    }

    @Test
    void drainClosesIdleKeptAliveRouteConnectionsAtOnceSoNoRequestGets503() throws Exception {
        try (RunningNode node = ClusterSeamTest.clusterNode(300, b -> b.longPollTimeout(Duration.ofMillis(200)));
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=sse&transport=sse");
             RawHttp poll = RawHttp.get(route1.port(), "/loc?user=poll&transport=long_poll");
             RawHttp page = RawHttp.get(route1.port(), "/_/about")) {
            node.awaitConnections("sse", "0", "/loc", 1);
            // an answered long poll and a served page: both connections idle, kept alive
            String polled = poll.awaitText("\r\n\r\n[]");
            String served = page.await(ClusterKeepAliveMoveTest::wholeResponse, "the page", WAIT);
            assertThat(served).startsWith("HTTP/1.1 200 OK\r\n");

            long start = System.nanoTime();
            CompletableFuture<Void> drained = node.node().cluster().drain(LONG_DRAIN).toCompletableFuture();

            assertThat(sse.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(poll.awaitClose(WAIT)).as("nothing after the answered poll: no 503").isEqualTo(polled);
            assertThat(page.awaitClose(WAIT)).as("nothing after the page").isEqualTo(served);
            long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(closedMillis).as("closed before the drain's 10 s bound could have closed them")
                    .isLessThan(LONG_DRAIN);
            assertThat(drained).as("nothing was left for the bound").succeedsWithin(WAIT);
        }
    }

    @Test
    void aMoveClosesAKeptAliveConnectionRightAfterTheResponseUnderWayNotDuringIt() throws Exception {
        try (HeldBackend backend = new HeldBackend();
             RunningNode node = ClusterSeamTest.clusterNode(LONG_DRAIN, b -> b.proxyRules(
                     List.of(new ProxyRule("/app/", "127.0.0.1", backend.port(), false))));
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             ProxyingRelay route2 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE + 1);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=sse&transport=sse");
             RawHttp page = RawHttp.get(route1.port(), "/_/about");
             RawHttp otherPage = RawHttp.get(route2.port(), "/_/about");
             RawHttp proxied = RawHttp.get(route1.port(), "/app/held")) {
            node.awaitConnections("sse", "0", "/loc", 1);
            String served = page.await(ClusterKeepAliveMoveTest::wholeResponse, "the page", WAIT);
            otherPage.await(ClusterKeepAliveMoveTest::wholeResponse, "the page on route 2", WAIT);
            Awaitility.await().atMost(WAIT).until(backend::holding);

            long start = System.nanoTime();
            CompletableFuture<Void> moved = node.node().cluster().reconnectRoutes(Set.of(1)).toCompletableFuture();

            assertThat(sse.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(page.awaitClose(WAIT)).as("the idle page connection: closed, nothing more").isEqualTo(served);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(LONG_DRAIN);
            assertThat(moved).as("the proxied response is still under way").isNotDone();
            backend.release();
            String answer = proxied.awaitClose(WAIT);
            assertThat(answer).as("the whole response, then the close").startsWith("HTTP/1.1 200 OK\r\n")
                    .endsWith("\r\n\r\n" + HeldBackend.BODY);
            assertThat(moved).succeedsWithin(WAIT);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(LONG_DRAIN);

            // route 2's kept-alive connection still serves its next request
            otherPage.write("GET /_/about HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            otherPage.await(t -> t.indexOf("HTTP/1.1 200 OK", 1) > 0 && wholeResponse(t.substring(t.indexOf("HTTP/1.1 200 OK", 1))),
                    "a second page on route 2", WAIT);
            assertThat(otherPage.isClosedByServer()).isFalse();
        }
    }
}
