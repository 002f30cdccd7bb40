package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.junit.jupiter.api.Test;

/**
 * {@code owned}, {@code fence} and {@code drain} against real sockets: the users on the routes that leave get their
 * reconnect instruction, the rest (other routes, route-0 direct connections from outside proxy_from) are untouched,
 * app connections get Success for what was delivered and Failure for the rest, and a drained node accepts nothing.
 */
class ClusterDrainTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RECONNECT_END = "event: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n";

    @Test
    void ownedMovesOnlyTheRoutesOutsideTheSetAndLeavesDirectConnections() throws Exception {
        try (RunningNode node = ClusterSeamTest.clusterNode();
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             ProxyingRelay route2 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE + 1);
             ProxyingRelay app1 = new ProxyingRelay(node.orbitPort(), ClusterSeamTest.APP_BASE);
             ProxyingRelay app2 = new ProxyingRelay(node.orbitPort(), ClusterSeamTest.APP_BASE + 1);
             SseClient leaving = SseClient.open(route1.port(), "/loc?user=leaving&transport=sse");
             SseClient staying = SseClient.open(route2.port(), "/loc?user=staying&transport=sse");
             Socket directUser = DirectClients.sse(node, "direct");
             OrbitTestClient appLeaving = new OrbitTestClient(app1.port());
             OrbitTestClient appStaying = new OrbitTestClient(app2.port())) {
            node.awaitConnections("leaving", "0", "/loc", 1);
            node.awaitConnections("staying", "0", "/loc", 1);
            appLeaving.send("\"warm\"", "staying, 0, /loc");
            assertThat(appLeaving.reply(WAIT)).startsWith("Success");
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> node.node().cluster().load().appConnections() == 2);

            assertThat(node.node().cluster().owned(Set.of(2, 3)).toCompletableFuture()).succeedsWithin(WAIT);

            assertThat(leaving.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(appLeaving.closedByServer(WAIT)).as("nothing was in flight: closed at once").isTrue();
            assertThat(staying.closedByServer()).isFalse();
            assertThat(DirectClients.stillOpen(directUser)).as("route 0 is not the gateway's").isTrue();
            appStaying.send("\"still\"", "staying, 0, /loc");
            assertThat(appStaying.reply(WAIT)).startsWith("Success");
            staying.awaitMessage(m -> m.isEvent() && "\"still\"".equals(m.data()), "the event", WAIT);

            assertThat(node.node().cluster().fence().toCompletableFuture()).succeedsWithin(WAIT);
            assertThat(staying.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(appStaying.closedByServer(WAIT)).isTrue();
            assertThat(DirectClients.stillOpen(directUser)).as("fencing leaves route 0 alone").isTrue();
        }
    }

    /**
     * An app connection with nothing in flight closes as soon as {@code owned} stops it, not at {@code move_drain}:
     * with a 10 s move_drain, the connection is seen closed and the operation complete before 10 s have passed, so
     * the drain timer cannot have fired (the wait is bounded at 8 s only to avoid hanging).
     */
    @Test
    void ownedClosesAnAppConnectionWithNothingInFlightBeforeTheDrainTimer() throws Exception {
        long moveDrain = 10_000;
        Duration bound = Duration.ofSeconds(8);
        try (RunningNode node = ClusterSeamTest.clusterNode(moveDrain, b -> b);
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             ProxyingRelay app1 = new ProxyingRelay(node.orbitPort(), ClusterSeamTest.APP_BASE);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=here&transport=sse");
             OrbitTestClient app = new OrbitTestClient(app1.port())) {
            node.awaitConnections("here", "0", "/loc", 1);
            app.send("\"answered\"", "here, 0, /loc");
            assertThat(app.reply(WAIT)).startsWith("Success");
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> node.node().cluster().load().appConnections() == 1);

            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<Void> moved =
                    node.node().cluster().owned(Set.of(2)).toCompletableFuture();

            assertThat(app.closedByServer(bound)).as("closed before the bound").isTrue();
            assertThat(moved).as("owned complete").succeedsWithin(bound);
            long tookMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as("closed and complete before the %d ms drain timer could fire", moveDrain)
                    .isLessThan(moveDrain);
            assertThat(sse.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
        }
    }

    @Test
    void drainMovesEveryoneFailsWhatIsLeftAndAcceptsNothingNew() throws Exception {
        try (RunningNode node = ClusterSeamTest.clusterNode();
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             ProxyingRelay app1 = new ProxyingRelay(node.orbitPort(), ClusterSeamTest.APP_BASE);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=sse&transport=sse");
             Socket directUser = DirectClients.sse(node, "direct");
             OrbitTestClient app = new OrbitTestClient(app1.port())) {
            node.awaitConnections("sse", "0", "/loc", 1);
            try (SseClient gone = SseClient.open(route1.port(), "/loc?user=grace&transport=sse")) {
                node.awaitConnections("grace", "0", "/loc", 1);
            }
            node.awaitConnections("grace", "0", "/loc", 0);
            String delivered = app.send("\"one\"", "sse, 0, /loc");
            assertThat(app.reply(WAIT)).isEqualTo("Success\r\nid: " + delivered + "\r\n\r\n");
            String pending = app.send("\"for nobody yet\"", "grace, 0, /loc");
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> node.node().cluster().load().appConnections() == 1);

            assertThat(node.node().cluster().drain(500).toCompletableFuture()).succeedsWithin(WAIT);

            assertThat(sse.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(DirectClients.stillOpen(directUser)).as("drain moves route 0 too").isFalse();
            assertThat(app.reply(WAIT)).isEqualTo("Failure\r\nid: " + pending + "\r\n"
                    + "msg: Failed to reach one or more recipients\r\nrecipient: (grace, 0, /loc)\r\n\r\n");
            assertThat(app.closedByServer(WAIT)).isTrue();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), node.httpPort()).close())
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), node.orbitPort()).close())
                    .isInstanceOf(ConnectException.class);
            assertThat(node.node().cluster().load().connections()).isZero();
        }
    }
}
