package org.orbited.client.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The /status cache: any number of callers cost at most one request per minimum interval. */
class GatewayStatusTest {
    @Test
    void refreshesAreCoalescedAndRateBounded() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (GatewayStandIn gw = new GatewayStandIn(List.of(), 0, 0)) {
            GatewayStatus status = new GatewayStatus(gw.statusUrl(), Duration.ofSeconds(2), Duration.ofHours(1),
                    Duration.ofHours(1), timer);
            List<CompletableFuture<RouteTable>> first = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                first.add(status.fetchedAfter(System.nanoTime()));
            }
            RouteTable t = first.get(0).get(10, SECONDS);
            assertThat(t.routes()).isEqualTo(2);
            assertThat(gw.statusRequests.get()).isEqualTo(1);
            // newer tables are wanted now, but the next request may start only an hour after the last one
            CompletableFuture<RouteTable> later = status.fetchedAfter(System.nanoTime());
            for (int i = 0; i < 100; i++) {
                assertThat(status.fetchedAfter(System.nanoTime())).isSameAs(later);
            }
            assertThat(later).isNotDone();
            assertThat(gw.statusRequests.get()).isEqualTo(1);
            assertThat(status.current()).isEqualTo(t);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aBadStatusBodyFailsTheBuildWithTheReasonAndTheClientStillWorksWithoutIt() throws Exception {
        com.sun.net.httpserver.HttpServer junk = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
        junk.createContext("/status", ex -> {
            byte[] b = "<html>oops</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        junk.start();
        try {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + junk.getAddress().getPort() + "/status");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrbitCluster.builder().gatewayHost("127.0.0.1")
                    .statusUrl(url).build()).isInstanceOf(org.orbited.client.OrbitConnectException.class)
                    .hasMessageContaining("cannot read the gateway's table from " + url).hasMessageContaining("not JSON");
            // with routes and app base configured, a bad /status is logged and the client is built anyway
            try (OrbitCluster c = OrbitCluster.builder().gatewayHost("127.0.0.1").statusUrl(url).routes(4).appBase(25000).build()) {
                assertThat(c.table()).isNull();
                assertThat(c.routeOf("alice")).isEqualTo(4);
            }
        } finally {
            junk.stop(0);
        }
    }
}
