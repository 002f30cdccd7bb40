package org.orbited.node.cluster;

import org.orbited.halod.link.FakeGateway;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.halod.link.Bye;
import org.orbited.halod.link.ByeReason;
import org.orbited.halod.link.Drain;
import org.orbited.halod.link.NodeHeartbeat;
import org.orbited.halod.link.Register;
import org.orbited.halod.link.Registered;
import org.orbited.halod.link.Role;
import org.orbited.halod.link.RouteMoved;
import org.orbited.halod.link.Routes;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * A real node with {@code [cluster] halod = 127.0.0.1:<port>} of a {@link FakeGateway} (a scripted stand-in for the
 * gateway on a real loopback socket, until the real gateway exists): the link registers with the node's bound
 * addresses, ROUTES / ROUTE_MOVED / silence drive the seam, and shutdown leaves through the gateway. Browsers reach
 * the node through {@link ProxyingRelay}s standing in for the gateway's route ports (browser base 24000, 4 routes).
 */
class GatewayLinkNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RECONNECT_END = "event: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n";
    private static final int BROWSER_BASE = 24000;
    private static final int APP_BASE = 25000;
    private static final String TOKEN = "s3cret-token";

    private FakeGateway gateway;
    private RunningNode node;

    private final List<FakeGateway.Link> links = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The gateway goes first, so that the node's shutdown does not wait for a drain the script does not answer. */
    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (FakeGateway.Link l : links) {
            l.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** A node joining the fake gateway; the configured layout (30000/31000) differs from the gateway's on purpose. */
    private RunningNode joinedNode(Duration shutdownDrain) throws Exception {
        gateway = new FakeGateway();
        node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)).shutdownDrain(shutdownDrain)
                .cluster(c -> c.withNodeName("orb-test").withProxyFrom(List.of("127.0.0.1")).withBrowserBase(30000)
                        .withAppBase(31000).withRoutes(4).withMoveDrainMillis(300).withProxyHeaderTimeoutMillis(500)
                        .withGateway(g -> g.withGateways(List.of("127.0.0.1:" + gateway.address().getPort()))
                                .withToken(TOKEN).withCapacity(5000))));
        return node;
    }

    /** REGISTERED with the gateway's layout; {@code fenceMs} large unless the test is about fencing. */
    private static Registered registered(long heartbeatMs, long fenceMs) {
        return new Registered(1, Role.ACTIVE, 4, "relay", heartbeatMs, 5, fenceMs, BROWSER_BASE, APP_BASE);
    }

    /** The REGISTER the node sent on the link {@link #answer} accepted. */
    private Register lastRegister;

    /**
     * Takes the node's next link, reads its REGISTER and answers {@code r} at once. A link the node already gave up
     * (it waits only fenceMs, 600 ms, for REGISTERED: a slow test machine) is skipped for the next one.
     */
    private FakeGateway.Link answer(Registered r) throws Exception {
        for (int attempt = 0; ; attempt++) {
            FakeGateway.Link link = gateway.nextLink();
            links.add(link);
            lastRegister = link.next(Register.class);
            try {
                link.send(r);
                return link;
            } catch (java.io.IOException gaveUp) {
                if (attempt == 5) {
                    throw gaveUp;
                }
            }
        }
    }

    private static Routes routes(long version, Integer... owned) {
        return new Routes(version, 1, new TreeSet<>(List.of(owned)));
    }

    /** {@code /_/status}, asked directly from 127.0.0.2 (127.0.0.1 is proxy_from: it must send a PROXY header). */
    private static JsonNode status(RunningNode n) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), n.httpPort()));
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write("GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    private static java.util.Set<String> linkThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("halod-link")).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void registersWithBoundAddressesThenRoutesSetsOwnedAndALaterRoutesMovesARoutesUsers() throws Exception {
        RunningNode n = joinedNode(Duration.ofSeconds(2));
        FakeGateway.Link link = answer(registered(100, 60_000));
        Register reg = lastRegister;
        assertThat(reg.token()).isEqualTo(TOKEN);
        assertThat(reg.name()).isEqualTo("orb-test");
        assertThat(reg.browser()).isEqualTo("127.0.0.1:" + n.httpPort());
        assertThat(reg.app()).isEqualTo("127.0.0.1:" + n.orbitPort());
        assertThat(reg.capacity()).isEqualTo(5000);
        assertThat(linkThreads()).contains("halod-link-orb-test", "halod-link-reader-orb-test");

        link.send(routes(7, 1, 2));
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1, 2)));
        // the gateway's layout replaced the configured one: route 2 is browser port 24001
        assertThat(n.node().cluster().layout().ports()).isEqualTo(new RouteLayout.Ports(BROWSER_BASE, APP_BASE, 4));
        JsonNode cluster = status(n).get("cluster");
        assertThat(cluster.get("node_name").asText()).isEqualTo("orb-test");
        assertThat(cluster.get("id").asInt()).isEqualTo(1);
        assertThat(cluster.get("role").asText()).isEqualTo("active");
        assertThat(cluster.get("owned_routes").asInt()).isEqualTo(2);
        assertThat(cluster.get("link").asText()).isEqualTo("registered");
        assertThat(cluster.get("applied_version").asLong()).isEqualTo(7);
        assertThat(cluster.get("fences_total").asLong()).isZero();
        assertThat(cluster.toString()).doesNotContain(TOKEN);
        // heartbeats carry the seam's load figures
        Awaitility.await().atMost(WAIT).until(() -> link.next(NodeHeartbeat.class).applied() == 7);

        try (ProxyingRelay route1 = new ProxyingRelay(n.httpPort(), BROWSER_BASE);
             ProxyingRelay route2 = new ProxyingRelay(n.httpPort(), BROWSER_BASE + 1);
             SseClient kept = SseClient.open(route1.port(), "/loc?user=kept&transport=sse");
             SseClient moved = SseClient.open(route2.port(), "/loc?user=moved&transport=sse")) {
            n.awaitConnections("kept", "0", "/loc", 1);
            n.awaitConnections("moved", "0", "/loc", 1);
            Awaitility.await().atMost(WAIT).until(() -> {
                NodeHeartbeat h = link.next(NodeHeartbeat.class);
                return h.connections() == 2;
            });

            link.send(routes(8, 1));

            assertThat(moved.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            assertThat(kept.closedByServer()).isFalse();
            Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1)));
        }
    }

    @Test
    void routeMovedRunsTheCloseSequenceThenHeartbeatsReportApplied() throws Exception {
        RunningNode n = joinedNode(Duration.ofSeconds(2));
        FakeGateway.Link link = answer(registered(100, 60_000));
        link.send(routes(3, 1, 2));
        // connect only once the node has applied the route table, so the order is the same on a loaded machine
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1, 2)));
        try (ProxyingRelay route1 = new ProxyingRelay(n.httpPort(), BROWSER_BASE);
             SseClient user = SseClient.open(route1.port(), "/loc?user=u&transport=sse")) {
            n.awaitConnections("u", "0", "/loc", 1);

            link.send(new RouteMoved(4, new TreeSet<>(List.of(1)), 2, 2000));

            assertThat(user.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            Awaitility.await().atMost(WAIT).until(() -> link.next(NodeHeartbeat.class).applied() >= 4);
            assertThat(n.node().clusterStatus().orElseThrow().appliedVersion()).isEqualTo(4);
        }
    }

    @Test
    void silenceBeyondFenceMsFencesRouteConnectionsButNotDirectOnes() throws Exception {
        RunningNode n = joinedNode(Duration.ofSeconds(2));
        FakeGateway.Link link = answer(registered(100, 60_000)); // not silent yet: a long fenceMs while the users connect
        link.send(routes(1, 1));
        // connect only once the node has applied the route table, so the order is the same on a loaded machine
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1)));
        try (ProxyingRelay route1 = new ProxyingRelay(n.httpPort(), BROWSER_BASE);
             SseClient user = SseClient.open(route1.port(), "/loc?user=u&transport=sse");
             Socket directUser = DirectClients.sse(n, "direct")) {
            n.awaitConnections("u", "0", "/loc", 1);
            assertThat(user.closedByServer()).isFalse();

            link.send(registered(100, 300)); // the gateway's fenceMs is now 300 ms, and then it says nothing

            assertThat(user.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().fences() >= 1);
            assertThat(n.node().clusterStatus().orElseThrow().owned()).isEmpty();
            assertThat(DirectClients.stillOpen(directUser)).as("fencing leaves route 0 alone").isTrue();
            // the link is dropped and re-registered (re-claiming id 1)
            FakeGateway.Link again = gateway.nextLink();
            assertThat(again.next(Register.class).id()).isEqualTo(1);
        }
    }

    @Test
    void shutdownDrainsThroughTheGatewayFirstAndWaitsForItsAnswers() throws Exception {
        RunningNode n = joinedNode(Duration.ofSeconds(2));
        FakeGateway.Link link = answer(registered(100, 60_000));
        link.send(routes(5, 1, 2));
        // connect only once the node has applied the route table, so the order is the same on a loaded machine
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1, 2)));
        try (ProxyingRelay route1 = new ProxyingRelay(n.httpPort(), BROWSER_BASE);
             SseClient user = SseClient.open(route1.port(), "/loc?user=u&transport=sse")) {
            n.awaitConnections("u", "0", "/loc", 1);

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(n::close);

            link.next(Drain.class);
            assertThat(n.node().config()).isNotNull();
            assertThat(shutdown).isNotDone();
            link.send(new RouteMoved(6, new TreeSet<>(List.of(1, 2)), 2, 2000));
            link.send(routes(6));
            assertThat(user.raw().awaitClose(WAIT)).endsWith(RECONNECT_END);
            Awaitility.await().atMost(WAIT).until(() -> link.next(NodeHeartbeat.class).applied() >= 6);
            assertThat(link.next(Bye.class).reason()).isEqualTo(ByeReason.DRAINED);
            assertThat(shutdown).as("the node waits for the gateway's BYE").isNotDone();

            link.send(new Bye(ByeReason.DRAINED));

            assertThat(shutdown).succeedsWithin(WAIT);
            assertThat(n.node().awaitTermination()).isTrue();
            link.awaitEof();
            assertThat(gateway.pollLink(300)).as("a drained node does not reconnect").isNull();
        }
        node = null;
    }

    /**
     * An operator drained the node at the gateway (the gateway moved its routes, then BYE drained): the node shuts
     * down on its own, without trying to drain through a gateway it has already left (it used to log a misleading
     * WARN "cannot drain through the gateway (not registered with a gateway)").
     */
    @Test
    void anOperatorDrainShutsTheNodeDownWithoutAskingTheGatewayForADrain() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Logger gatewayLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.orbited.node.GatewayLink");
        gatewayLog.addAppender(logged);
        try {
            RunningNode n = joinedNode(Duration.ofSeconds(1));
            FakeGateway.Link link = answer(registered(100, 60_000));
            link.send(routes(5, 1, 2));
            link.send(new RouteMoved(6, new TreeSet<>(List.of(1, 2)), 2, 2000));
            link.send(routes(6));
            Awaitility.await().atMost(WAIT).until(() -> link.next(NodeHeartbeat.class).applied() >= 6);

            link.send(new Bye(ByeReason.DRAINED));

            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return n.node().awaitTermination();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            })).as("the node shuts itself down").succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("cannot drain through the gateway"));
            n.close();
        } finally {
            gatewayLog.detachAppender(logged);
        }
        node = null;
    }

    @Test
    void withTheGatewayGoneShutdownFallsBackToTheLocalDrainAtOnce() throws Exception {
        // shutdown.drain 30 s: waiting for the gateway would take over 30 s; the local drain of an idle node does not
        RunningNode n = joinedNode(Duration.ofSeconds(30));
        FakeGateway.Link link = answer(registered(100, 60_000));
        link.send(routes(1, 1));
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().owned().equals(List.of(1)));
        gateway.close(); // the gateway process is gone: listener and link closed
        link.close();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(n::close);

        assertThat(shutdown).succeedsWithin(WAIT);
        assertThat(n.node().awaitTermination()).isTrue();
        node = null;
        gateway = null;
    }

    @Test
    void aRegisteredWithoutRoutePortBasesIsRefusedAndTheConfiguredLayoutKept() throws Exception {
        RunningNode n = joinedNode(Duration.ofSeconds(2));
        answer(new Registered(1, Role.ACTIVE, 4, "relay", 100, 5, 60_000, 0, 0));

        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().link().equals("refused"));
        assertThat(n.node().cluster().layout().ports()).isEqualTo(new RouteLayout.Ports(30000, 31000, 4));
    }

    @Test
    void withoutHalodNoLinkStartsAndStatusHasNoClusterObject() throws Exception {
        java.util.Set<String> before = linkThreads(); // a drained LinkClient leaves its link thread (reported)
        try (RunningNode n = RunningNode.start(b -> b.cluster(c -> c.withNodeName("alone")))) {
            assertThat(n.node().clusterStatus()).isEmpty();
            assertThat(linkThreads()).isEqualTo(before).doesNotContain("halod-link-alone");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), n.httpPort())) {
                s.getOutputStream().write("GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String body = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(body).contains("\"sessions\"").doesNotContain("\"cluster\"");
            }
        }
    }

    @Test
    void aMoveFinishesBeforeTheGatewaysDeadline() {
        HaloLinkAdapter adapter = new HaloLinkAdapter(null, 1000, List.of(), () -> { });
        assertThat(adapter.moveDrainFor(2000)).isEqualTo(1000);
        assertThat(adapter.moveDrainFor(800)).isEqualTo(600);
        assertThat(adapter.moveDrainFor(0)).isZero();
    }
}
