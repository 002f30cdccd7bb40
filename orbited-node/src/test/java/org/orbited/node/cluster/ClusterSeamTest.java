package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.WsClient;

/**
 * The control seam against real sockets: a node with {@code proxy_from = 127.0.0.1} behind {@link ProxyingRelay}s
 * that stand in for the gateway's route ports (browser base 24000, app base 25000, 4 routes).
 */
class ClusterSeamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final int BROWSER_BASE = 24000;
    static final int APP_BASE = 25000;

    static RunningNode clusterNode() {
        return clusterNode(300, b -> b);
    }

    /** {@link #clusterNode()} with {@code move_drain} set and {@code more} applied to the configuration. */
    static RunningNode clusterNode(long moveDrainMillis,
                                   java.util.function.UnaryOperator<org.orbited.node.config.NodeConfig.Builder> more) {
        return RunningNode.start(b -> more.apply(b.sessionTimeout(Duration.ofSeconds(30))
                .cluster(c -> c.withProxyFrom(java.util.List.of("127.0.0.1")).withBrowserBase(BROWSER_BASE)
                        .withAppBase(APP_BASE).withRoutes(4).withMoveDrainMillis(moveDrainMillis)
                        .withProxyHeaderTimeoutMillis(500))));
    }

    /** Every Orbit transport on route 1 gets its reconnect instruction and is closed; route 2 sees nothing. */
    @Test
    void reconnectRoutesMovesExactlyTheUsersOnThoseRoutes() throws Exception {
        try (RunningNode node = clusterNode();
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), BROWSER_BASE);
             ProxyingRelay route2 = new ProxyingRelay(node.httpPort(), BROWSER_BASE + 1);
             ProxyingRelay app1 = new ProxyingRelay(node.orbitPort(), APP_BASE)) {
            int p1 = route1.port();
            try (SseClient sse = SseClient.open(p1, "/loc?user=sse&transport=sse");
                 RawHttp xs = RawHttp.get(p1, "/loc?user=xs&transport=xhr_stream");
                 WsClient ws = WsClient.connect(p1, "/loc?user=ws");
                 LongPollClient lp = new LongPollClient(p1);
                 RawHttp iframe = RawHttp.get(p1, "/loc|if,0,iframe");
                 SseClient other = SseClient.open(route2.port(), "/loc?user=other&transport=sse");
                 OrbitTestClient app = new OrbitTestClient(app1.port())) {
                lp.send("/loc?user=lp&transport=long_poll");
                for (String user : new String[] {"sse", "xs", "ws", "lp", "if", "other"}) {
                    node.awaitConnections(user, "0", "/loc", 1);
                }
                assertThat(node.node().cluster().load().connections()).isGreaterThanOrEqualTo(6);

                CompletionStage<Void> moved = node.node().cluster().reconnectRoutes(Set.of(1));

                assertThat(sse.raw().awaitClose(WAIT)).endsWith("event: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n");
                assertThat(xs.awaitClose(WAIT)).endsWith("\r\n|O|\r\nreconnect\r\n|O|\r\n");
                assertThat(iframe.awaitClose(WAIT))
                        .endsWith("<script>window.parent.reconnect && window.parent.reconnect();</script>\n");
                assertThat(ws.awaitClose(WAIT)).isEqualTo(1012);
                LongPollClient.Response r = lp.await(WAIT);
                assertThat(r.body()).isEqualTo("[{\"type\":\"reconnect\"}]");
                assertThat(moved.toCompletableFuture()).succeedsWithin(WAIT);

                // the user on route 2 is untouched and still served
                assertThat(other.closedByServer()).isFalse();
                assertThat(app.send("\"still here\"", "other, 0, /loc")).isNotNull();
                assertThat(app.reply(WAIT)).startsWith("Success");
                other.awaitMessage(m -> m.isEvent() && "\"still here\"".equals(m.data()), "the event", WAIT);
            }
        }
    }

    /**
     * {@code load().connections} counts push connections only: a kept-alive page connection (a page fetched, the
     * connection left open) is not one, and stays uncounted while it is open.
     */
    @Test
    void loadCountsPushConnectionsNotIdlePageConnections() throws Exception {
        try (RunningNode node = clusterNode();
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), BROWSER_BASE);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=push&transport=sse");
             RawHttp page = RawHttp.get(route1.port(), "/_/about")) {
            node.awaitConnections("push", "0", "/loc", 1);
            page.await(ClusterKeepAliveMoveTest::wholeResponse, "the page", WAIT);

            assertThat(node.node().cluster().load().connections()).as("the SSE connection only").isEqualTo(1);
            page.readOnce();
            assertThat(page.isClosedByServer()).as("the page connection is still open").isFalse();
        }
    }

    /**
     * closeAppRoutes: a request after the stop gets Failure at once; after the drain the undelivered event fails,
     * the delivered one succeeded, then EOF.
     */
    @Test
    void closeAppRoutesFailsWhatWasNotDeliveredThenCloses() throws Exception {
        try (RunningNode node = clusterNode();
             ProxyingRelay browsers = new ProxyingRelay(node.httpPort(), BROWSER_BASE);
             ProxyingRelay app1 = new ProxyingRelay(node.orbitPort(), APP_BASE);
             ProxyingRelay app2 = new ProxyingRelay(node.orbitPort(), APP_BASE + 1)) {
            try (SseClient sse = SseClient.open(browsers.port(), "/loc?user=here&transport=sse");
                 OrbitTestClient app = new OrbitTestClient(app1.port());
                 OrbitTestClient otherApp = new OrbitTestClient(app2.port())) {
                node.awaitConnections("here", "0", "/loc", 1);
                try (SseClient gone = SseClient.open(browsers.port(), "/loc?user=grace&transport=sse")) {
                    node.awaitConnections("grace", "0", "/loc", 1);
                }
                node.awaitConnections("grace", "0", "/loc", 0);
                String delivered = app.send("\"one\"", "here, 0, /loc");
                assertThat(app.reply(WAIT)).isEqualTo("Success\r\nid: " + delivered + "\r\n\r\n");
                String pending = app.send("\"for nobody yet\"", "grace, 0, /loc");
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> node.node().cluster().load().appConnections() == 2);

                CompletionStage<Void> closed = node.node().cluster().closeAppRoutes(Set.of(1), 1000);

                String late = app.send("\"too late\"", "here, 0, /loc");
                assertThat(app.reply(WAIT)).isEqualTo("Failure\r\nid: " + late + "\r\n"
                        + "msg: Failed to reach one or more recipients\r\nrecipient: (here, 0, /loc)\r\n\r\n");
                assertThat(app.reply(WAIT)).isEqualTo("Failure\r\nid: " + pending + "\r\n"
                        + "msg: Failed to reach one or more recipients\r\nrecipient: (grace, 0, /loc)\r\n\r\n");
                assertThat(app.closedByServer(WAIT)).isTrue();
                assertThat(closed.toCompletableFuture()).succeedsWithin(WAIT);

                // the app connection on route 2 keeps working
                otherApp.send("\"two\"", "here, 0, /loc");
                assertThat(otherApp.reply(WAIT)).startsWith("Success");
            }
        }
    }
}
