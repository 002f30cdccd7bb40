package org.orbited.client.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.client.Key;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * {@link OrbitCluster} against two real orbited-nodes behind {@link GatewayStandIn}, a test relay with
 * N = 4 route port pairs and a {@code /status} server that stands in for the HaloD gateway another
 * engineer is writing; the cluster integration test with the real gateway comes with it. Node 1 owns
 * routes 1 and 2, node 2 routes 3 and 4. Browsers are raw-socket SSE connections made through the
 * browser route port of their user's route.
 */
class OrbitClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final List<RunningNode> nodes = new ArrayList<>();
    private final List<SseClient> browsers = new ArrayList<>();
    private GatewayStandIn gw;
    private OrbitCluster cluster;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 2; i++) {
            nodes.add(RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)).sessionResumeTimeout(Duration.ofSeconds(30))));
        }
        gw = new GatewayStandIn(nodes, 1, 1, 2, 2);
        cluster = OrbitCluster.builder().gatewayHost("127.0.0.1").statusUrl(gw.statusUrl())
                .retryDeadline(Duration.ofSeconds(15)).build();
    }

    @AfterEach
    void stop() throws Exception {
        browsers.forEach(SseClient::close);
        if (cluster != null) {
            cluster.close();
        }
        gw.close();
        nodes.forEach(RunningNode::close);
    }

    /** A fresh user whose route is {@code route}. */
    private static String userOn(int route) {
        while (true) {
            String u = "u" + SEQ.incrementAndGet();
            if (Routes.routeOf(u, 4) == route) {
                return u;
            }
        }
    }

    /** A browser for {@code key} through its route's browser port, attached on node {@code nodeId}. */
    private SseClient browser(Key key, int nodeId, String... channels) {
        StringBuilder uri = new StringBuilder(key.location()).append("?user=").append(key.user()).append("&session=")
                .append(key.session()).append("&transport=sse");
        for (String c : channels) {
            uri.append("&channel=").append(c);
        }
        SseClient b = SseClient.open(gw.browserBase() + Routes.routeOf(key.user(), 4) - 1, uri.toString());
        browsers.add(b);
        b.head();
        nodes.get(nodeId - 1).awaitConnections(key.user(), key.session(), key.location(), 1);
        return b;
    }

    private static List<String> events(SseClient b) {
        return b.messages().stream().filter(SseClient.Message::isEvent).map(SseClient.Message::data).toList();
    }

    private static void awaitEvent(SseClient b, String data) {
        b.awaitMessage(m -> m.isEvent() && data.equals(m.data()), "event " + data, WAIT);
    }

    @Test
    void learnsTheTableAndGivesEachUserItsRoutePort() {
        assertThat(cluster.routes()).isEqualTo(4);
        String u = userOn(3);
        assertThat(cluster.routeOf(u)).isEqualTo(3);
        assertThat(cluster.browserUrl(u)).isEqualTo(URI.create("http://127.0.0.1:" + (gw.browserBase() + 2)));
        assertThat(cluster.appPort(3)).isEqualTo(gw.appBase() + 2);
        assertThat(cluster.table().activeNodes()).containsExactly(1, 2);
        assertThatThrownBy(() -> OrbitCluster.builder().gatewayHost("127.0.0.1").statusUrl(gw.statusUrl()).routes(24).build())
                .hasMessageContaining("routes is configured as 24 but the gateway reports 4");
        assertThatThrownBy(() -> OrbitCluster.builder().gatewayHost("127.0.0.1").build())
                .hasMessageContaining("set routes and appBase, or statusUrl");
    }

    @Test
    void splitsOneEventIntoOneRequestPerAppPortAndMergesTheRepliesInRequestOrder() throws Exception {
        Key a1 = Key.of(userOn(1), "s", "/chat");
        Key a1b = Key.of(userOn(1), "s", "/chat");
        Key b3 = Key.of(userOn(3), "s", "/chat");
        Key b4 = Key.of(userOn(4), "s", "/chat");
        Key offline = Key.of(userOn(2), "s", "/chat");
        SseClient[] bs = {browser(a1, 1), browser(a1b, 1), browser(b3, 2), browser(b4, 2)};

        SendResult r = cluster.send(List.of(b3, offline, a1, b4, a1b), "\"split\"").get(20, SECONDS);

        assertThat(r.reached()).containsExactly(b3, a1, b4, a1b);
        assertThat(r.failed()).containsExactly(offline);
        assertThat(r.resent()).isFalse();
        assertThat(r.id().split(",")).hasSize(4);
        assertThat(List.of(gw.requests(1), gw.requests(2), gw.requests(3), gw.requests(4))).containsExactly(1, 1, 1, 1);
        for (SseClient b : bs) {
            awaitEvent(b, "\"split\"");
        }
    }

    @Test
    void aChannelGoesOnceToEachActiveNodeRidingOnAKeyRequestWhenThereIsOne() throws Exception {
        SseClient onA1 = browser(Key.of(userOn(1), "s", "/c"), 1, "/rooms/lobby");
        SseClient onA2 = browser(Key.of(userOn(2), "s", "/c"), 1, "/rooms/lobby");
        SseClient onB = browser(Key.of(userOn(4), "s", "/c"), 2, "/rooms/lobby");
        Key direct = Key.of(userOn(4), "s", "/c");
        SseClient directB = browser(direct, 2);

        SendResult r = cluster.send(List.of(Recipient.channel("/rooms/lobby"), direct), "\"ch\"").get(20, SECONDS);

        assertThat(r.ok()).isTrue();
        assertThat(r.reached()).containsExactly(Recipient.channel("/rooms/lobby"), direct);
        // node 1 through its lowest route; node 2 together with the key on route 4 (one copy per session per
        // request); nothing else
        assertThat(List.of(gw.requests(1), gw.requests(2), gw.requests(3), gw.requests(4))).containsExactly(1, 0, 0, 1);
        for (SseClient b : List.of(onA1, onA2, onB, directB)) {
            awaitEvent(b, "\"ch\"");
        }
        assertThatThrownBy(() -> OrbitCluster.builder().gatewayHost("127.0.0.1").routes(4).appBase(gw.appBase()).build()
                .send(List.of("/rooms/lobby"), "x")).hasMessageContaining("configure statusUrl");
    }

    @Test
    void keepsAtMostMaxConnectionsAndClosesIdleOnes() throws Exception {
        try (OrbitCluster small = OrbitCluster.builder().gatewayHost("127.0.0.1").routes(4).appBase(gw.appBase())
                .maxConnections(2).idleTimeout(Duration.ofMillis(300)).build()) {
            for (int route = 1; route <= 4; route++) {
                Key k = Key.of(userOn(route), "s", "/c");
                SseClient b = browser(k, route <= 2 ? 1 : 2);
                assertThat(small.send(List.of(k), "\"r" + route + "\"").get(20, SECONDS).ok()).isTrue();
                awaitEvent(b, "\"r" + route + "\"");
                assertThat(small.connections().size()).isLessThanOrEqualTo(2);
            }
            await().atMost(WAIT).until(() -> small.connections().size() == 0);
        }
    }

    @Test
    void closeReportsRecipientsStillWaitingForARetryAsFailed() throws Exception {
        gw.move(3, 1); // route 3 now leads to node 1; the cluster's cached table still says node 2
        Key away = Key.of(userOn(3), "s", "/c"); // no browser: every attempt fails, and the route moved
        CompletableFuture<SendResult> f = cluster.send(List.of(away), "\"x\"");
        await().atMost(WAIT).until(() -> gw.failuresFrom(1) >= 2); // failed, and retried at least once
        assertThat(f).isNotDone();
        cluster.close();
        SendResult r = f.get(10, SECONDS);
        assertThat(r.failed()).containsExactly(away);
        assertThat(r.resent()).isTrue();
        cluster = null;
    }

    /**
     * Route 2 moves from node 1 to node 2 while events are in flight: the browser's connection ends (as
     * after its reconnect instruction), the app connections on the route are cut, and events keep coming
     * before the browser is back. Node 2 fails those (no session yet); the cluster client must retry them
     * until the browser has reconnected through the same browser port. Every event ends Success and
     * arrives at least once; duplicates (delivered by node 1 with the reply lost in the cut) are counted.
     */
    @Test
    void eventsInFlightWhenTheRouteMovesAllEndInSuccessAndNoneIsLost() throws Exception {
        Key k = Key.of(userOn(2), "tok", "/mv");
        SseClient before = browser(k, 1);
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            fs.add(cluster.send(List.of(k), String.valueOf(i)));
        }
        for (CompletableFuture<SendResult> f : fs) {
            assertThat(f.get(20, SECONDS).ok()).isTrue();
        }
        for (int i = 21; i <= 50; i++) {
            fs.add(cluster.send(List.of(k), String.valueOf(i)));
        }
        gw.move(2, 2);
        await().atMost(WAIT).until(() -> {
            before.poll();
            return before.closedByServer();
        });
        for (int i = 51; i <= 80; i++) {
            fs.add(cluster.send(List.of(k), String.valueOf(i)));
        }
        await().atMost(WAIT).until(() -> gw.failuresFrom(2) >= 1); // node 2 has failed some: no session yet
        SseClient after = browser(k, 2);

        int retried = 0;
        for (CompletableFuture<SendResult> f : fs) {
            SendResult r = f.get(30, SECONDS);
            assertThat(r.failed()).as("event " + (fs.indexOf(f) + 1)).isEmpty();
            retried += r.resent() ? 1 : 0;
        }
        awaitEvent(after, "80");
        Map<String, Integer> seen = new HashMap<>();
        for (String e : events(before)) {
            seen.merge(e, 1, Integer::sum);
        }
        await().atMost(WAIT).until(() -> {
            after.poll();
            return events(after).containsAll(missing(seen, 80));
        });
        for (String e : events(after)) {
            seen.merge(e, 1, Integer::sum);
        }
        assertThat(missing(seen, 80)).as("lost events").isEmpty();
        long dup = seen.values().stream().filter(n -> n > 1).count();
        System.out.println("[route moved] 80 events: " + retried + " resent or retried, " + dup + " delivered twice, "
                + gw.failuresFrom(2) + " Failure replies from the new owner, status requests " + gw.statusRequests.get());
        assertThat(retried).isPositive();
    }

    private static List<String> missing(Map<String, Integer> seen, int n) {
        TreeSet<Integer> miss = new TreeSet<>();
        for (int i = 1; i <= n; i++) {
            if (!seen.containsKey(String.valueOf(i))) {
                miss.add(i);
            }
        }
        return miss.stream().map(String::valueOf).toList();
    }
}
