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
}
