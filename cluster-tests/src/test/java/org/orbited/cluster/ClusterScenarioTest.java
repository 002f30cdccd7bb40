package org.orbited.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.client.Key;
import org.orbited.client.Recipient;
import org.orbited.client.cluster.OrbitCluster;

/**
 * A real cluster on loopback: the HaloD gateway and three orbited-node processes from their runnable jars
 * ({@link LoopbackCluster}), twelve browsers (three each on sse, long_poll, xhr_stream and websocket) and two CometD
 * clients on their route ports, and an app sending {@code ev#N#} every 60 ms through {@link OrbitCluster} to every
 * browser's key and the channel {@code /stream}. What must arrive is defined in {@link DeliveryReport}. Each scenario
 * prints one line of figures; times are printed, never asserted (waits are bounded only so nothing hangs).
 */
class ClusterScenarioTest {
    private static final int N = 24;
    private static final long PERIOD_MS = 60;
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String[] TRANSPORTS = {"sse", "long_poll", "xhr_stream", "websocket"};
    private static final Recipient CHANNEL = Recipient.channel("/stream");

    @TempDir
    Path dir;

    private LoopbackCluster cluster;
    private OrbitCluster orbit;
    private EventApp app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<LoopBrowser> browsers = new ArrayList<>();
    private final List<BayeuxWatcher> watchers = new ArrayList<>();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    /** Every event of the scenario, as {@link #finish} collected them. */
    private List<EventApp.Sent> finished = List.of();

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            app.close();
        }
        browsers.forEach(LoopBrowser::close);
        for (BayeuxWatcher w : watchers) {
            try {
                w.close();
            } catch (Exception ignored) {
                // the cluster may be gone already
            }
        }
        if (orbit != null) {
            orbit.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Gateway, nodes orb-a..orb-c (registered in that order, ids 1..3), browsers, Bayeux clients, the app. */
    private void startUnderLoad() throws Exception {
        cluster = new LoopbackCluster(dir, N, Map.of("heartbeat_ms", "200", "miss_limit", "10", "fence_ms", "1600"));
        cluster.startGateway();
        for (String name : List.of("orb-a", "orb-b", "orb-c")) {
            cluster.startNode(name);
            cluster.awaitLive(LONG, name);
        }
        orbit = OrbitCluster.builder().gatewayHost("127.0.0.1").statusUrl(URI.create(cluster.adminUrl("/status")))
                .retryDeadline(Duration.ofSeconds(15)).build();
        for (String t : TRANSPORTS) {
            for (int i = 1; i <= 3; i++) {
                String user = t.replace("_", "") + "-" + i;
                keys.put(user, Key.of(user, "s", "/ev"));
                browsers.add(new LoopBrowser(user, t, orbit.browserUrl(user).getPort(), http));
            }
        }
        for (String name : List.of("bayeux-1", "bayeux-2")) {
            watchers.add(new BayeuxWatcher(name, orbit.browserUrl(name).getPort(), "/stream"));
        }
        await("CometD clients subscribed").atMost(LONG).until(() -> watchers.stream().allMatch(BayeuxWatcher::subscribed));
        List<Recipient> to = new ArrayList<>(keys.values());
        to.add(CHANNEL);
        app = new EventApp(orbit, to, PERIOD_MS, 3000); // at most 3000 events (3 minutes)
        await("every browser has an event").atMost(LONG).pollInterval(Duration.ofMillis(50))
                .until(() -> browsers.stream().allMatch(LoopBrowser::hasEvent));
    }

    /** Browsers whose route {@code nodeId} owns in {@code status}. */
    private List<LoopBrowser> browsersOf(JsonNode status, int nodeId) {
        int[] owner = LoopbackCluster.owners(status);
        return browsers.stream().filter(b -> owner[orbit.routeOf(b.user) - 1] == nodeId).toList();
    }

    /** The node owning the most browsers' routes: the one to drain or kill. */
    private String busiestNode(JsonNode status) {
        String best = null;
        int most = -1;
        for (JsonNode n : status.path("nodes")) {
            int c = browsersOf(status, n.path("id").asInt()).size();
            if (c > most) {
                most = c;
                best = n.path("name").asText();
            }
        }
        return best;
    }

    /**
     * Waits until every browser in {@code moved} got an event numbered {@code firstAfterMove} or later (sent after the
     * gateway's table showed the move, so delivered by the new owner); returns the largest time from {@code fromNanos}.
     */
    private double awaitBack(List<LoopBrowser> moved, int firstAfterMove, long fromNanos) {
        try {
            await("moved browsers back").atMost(LONG).pollInterval(Duration.ofMillis(20))
                    .until(() -> moved.stream().allMatch(b -> b.firstArrivalFrom(firstAfterMove) != 0));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not back (events from " + firstAfterMove + ", sent " + app.count() + "): "
                    + moved.stream().filter(b -> b.firstArrivalFrom(firstAfterMove) == 0).map(LoopBrowser::state).toList()
                    + "\nnodes:\n" + cluster.nodes.values().stream().map(n -> n.name + ":\n" + n.output()).toList(), e);
        }
        return moved.stream().mapToLong(b -> b.firstArrivalFrom(firstAfterMove) - fromNanos).max().orElse(0) / 1e6;
    }

    /** Sends {@code more} further events, stops the app, waits for every reply and for what is owed to arrive. */
    private DeliveryReport finish(String scenario, int more) throws Exception {
        int target = app.count() + more;
        await("more events sent").atMost(LONG).until(() -> app.count() >= target);
        List<EventApp.Sent> events = app.stop();
        finished = events;
        for (EventApp.Sent s : events) {
            try {
                s.future.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted below: no result
            }
        }
        await("replies recorded").atMost(LONG).until(() -> events.stream().allMatch(s -> s.repliedNanos != 0));
        try {
            await("owed events arrive").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    DeliveryReport.of(scenario, events, browsers, keys, watchers, CHANNEL).keyLost() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported and asserted by the caller
        }
        DeliveryReport r = DeliveryReport.of(scenario, events, browsers, keys, watchers, CHANNEL);
        System.out.println(r.line());
        assertThat(events).as("every send answered").allMatch(s -> s.result != null);
        assertThat(app.stallDumps).as("the app's sending thread stalled (thread dumps printed above)").isEmpty();
        return r;
    }

    @Test
    void aPlannedDrainLosesNothingAndDuplicatesNothing() throws Exception {
        startUnderLoad();
        JsonNode before = cluster.status();
        String victim = busiestNode(before);
        List<LoopBrowser> moved = browsersOf(before, cluster.idOf(victim));
        long t0 = System.nanoTime();
        assertThat(cluster.drain(victim).statusCode()).isEqualTo(202);
        await("routes moved off " + victim).atMost(LONG).ignoreExceptions().until(() ->
                LoopbackCluster.nodeNamed(cluster.status(), victim) == null);
        double movedMs = (System.nanoTime() - t0) / 1e6;
        double backMs = awaitBack(moved, app.count() + 1, t0);
        int exit = cluster.nodes.get(victim).stop(Duration.ofSeconds(30)); // it shuts itself down after BYE drained
        DeliveryReport r = finish("drain", 30);
        System.out.printf("[drain] %s drained: routes moved in %.0f ms, %d browsers back in %.0f ms, node exit %d%n",
                victim, movedMs, moved.size(), backMs, exit);
        assertThat(r.keyLost()).as(r.line()).isZero();
        assertThat(r.keyDuplicates()).as(r.line()).isZero();
        assertThat(r.channelLost()).as(r.line()).isZero();
        // a channel part names its node (node: <id>): a route's new owner refuses the drained node's part instead of
        // fanning it out a second time (docs/protocol.md, "Addressed node")
        assertThat(r.channelDuplicates()).as(r.line()).isZero();
        assertThat(r.keyOwed()).isPositive();
        assertThat(r.channelOwed()).isPositive();
    }

    /**
     * kill -9 of the busiest node under load. The gateway sees the control link end (EOF) and moves its routes at
     * once; the bound it must stay within is heartbeat_ms x miss_limit (2000 ms here) for a node that stops without
     * closing its socket. Browsers on the dead node reconnect through the same port to the new owner. Lost = an event
     * whose final reply was Success for that key and that never arrived; duplicates (events in flight at the kill,
     * delivered by the dead node with the reply lost, then resent) are counted and printed; a duplicate of an event
     * that was not in flight at the kill (sent before it, final reply after it), browser or CometD, fails the test.
     */
    @Test
    void killMinus9OfANodeMovesItsRoutesAndItsBrowsersComeBack() throws Exception {
        startUnderLoad();
        JsonNode before = cluster.status();
        String victim = busiestNode(before);
        int id = cluster.idOf(victim);
        List<LoopBrowser> moved = browsersOf(before, id);
        long t0 = System.nanoTime();
        cluster.nodes.get(victim).kill();
        await("routes of " + victim + " reassigned").atMost(LONG).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> java.util.Arrays.stream(LoopbackCluster.owners(cluster.status())).noneMatch(o -> o == id));
        double detectMs = (System.nanoTime() - t0) / 1e6;
        int firstAfter = app.count() + 1;
        double backMs = awaitBack(moved, firstAfter, t0);
        DeliveryReport r = finish("kill -9", 30);
        java.util.TreeSet<Integer> inFlight = DeliveryReport.inFlightAt(finished, t0);
        java.util.TreeSet<Integer> inFlightDups = new java.util.TreeSet<>(r.keyDuplicateSeqs());
        inFlightDups.addAll(r.channelDuplicateSeqs());
        inFlightDups.retainAll(inFlight);
        System.out.printf("[kill -9] %d events in flight at the kill %s; duplicated among them: %s (delivered by the "
                + "dead node, reply lost with it, resent)%n", inFlight.size(), inFlight, inFlightDups);
        JsonNode after = cluster.status();
        String failLine = cluster.gateway.output().lines().filter(l -> l.contains("node '" + victim + "' failed"))
                .findFirst().orElse("(no failure line)");
        System.out.printf("[kill -9] %s (id %d, %d of our browsers): routes reassigned %.0f ms after the kill "
                        + "(bound heartbeat_ms x miss_limit = 2000 ms), %d browsers back in %.0f ms; failovers %d; "
                        + "gateway: %s%n", victim, id, moved.size(), detectMs, moved.size(), backMs,
                after.path("failovers").asInt(), failLine.trim());
        assertThat(after.path("failovers").asInt()).isEqualTo(1);
        assertThat(LoopbackCluster.nodeNamed(after, victim)).isNull();
        assertThat(failLine).contains("routes moved");
        assertThat(r.keyLost()).as(r.line()).isZero();
        assertThat(DeliveryReport.outside(r.channelDuplicateSeqs(), inFlight))
                .as("CometD duplicates of events not in flight at the kill; " + r.line()).isEmpty();
        assertThat(DeliveryReport.outside(r.keyDuplicateSeqs(), inFlight))
                .as("browser duplicates of events not in flight at the kill; " + r.line()).isEmpty();
        assertThat(r.keyOwed()).isPositive();
    }

    /**
     * kill -9 of the gateway, then a new one on the same table file: the nodes re-register with their ids within
     * the recovery grace; the table version and the owner list are the ones before, and nothing moves.
     */
    @Test
    void aGatewayRestartedOnItsTableKeepsEveryRouteWhereItWas() throws Exception {
        startUnderLoad();
        JsonNode before = cluster.status();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String n : cluster.nodes.keySet()) {
            ids.put(n, cluster.idOf(n));
        }
        long t0 = System.nanoTime();
        cluster.gateway.kill();
        cluster.startGateway();
        cluster.awaitLive(LONG, cluster.nodes.keySet().toArray(String[]::new));
        double reclaimMs = (System.nanoTime() - t0) / 1e6;
        JsonNode after = cluster.status();
        // The app must go on sending (it once stalled here: OrbitClient spun on a connection the restarted gateway had
        // closed before the client installed it; EventApp dumps every thread if no send begins for 10 s).
        int sentAtRestart = app.count();
        boolean appResumed = true;
        try {
            await("the app sends again").atMost(Duration.ofSeconds(20)).until(() -> app.count() >= sentAtRestart + 10);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            appResumed = false;
        }
        app.stop();
        System.out.printf("[gateway restart] version %d -> %d, moves %d, all nodes re-registered %.0f ms after the "
                        + "kill; app %s (%d events sent at the restart, %d now)%n", before.path("version").asInt(),
                after.path("version").asInt(), after.path("moves").asInt(), reclaimMs,
                appResumed ? "resumed" : "STALLED", sentAtRestart, app.count());
        assertThat(app.stallDumps).as("the app's sending thread stalled (thread dumps printed above)").isEmpty();
        assertThat(appResumed).as("the app sends again after the restart").isTrue();
        assertThat(after.path("version").asInt()).isEqualTo(before.path("version").asInt());
        assertThat(LoopbackCluster.owners(after)).containsExactly(LoopbackCluster.owners(before));
        assertThat(after.path("moves").asInt()).isZero();
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            assertThat(cluster.idOf(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    /** A fourth node joins under load: exactly floor(N/(M+1)) = 6 routes move, and their browsers come back. */
    @Test
    void aNodeJoiningUnderLoadTakesFloorNOverMPlusOneRoutes() throws Exception {
        startUnderLoad();
        JsonNode before = cluster.status();
        long t0 = System.nanoTime();
        cluster.startNode("orb-d");
        cluster.awaitLive(LONG, "orb-d");
        JsonNode after = cluster.status();
        int[] o0 = LoopbackCluster.owners(before);
        int[] o1 = LoopbackCluster.owners(after);
        List<LoopBrowser> moved = browsers.stream().filter(b -> {
            int r = orbit.routeOf(b.user) - 1;
            return o0[r] != o1[r];
        }).toList();
        int changed = 0;
        for (int i = 0; i < N; i++) {
            changed += o0[i] != o1[i] ? 1 : 0;
        }
        long joined = System.nanoTime();
        double backMs = awaitBack(moved, app.count() + 1, joined);
        DeliveryReport r = finish("join", 30);
        System.out.printf("[join] orb-d id %d took %d routes (moves %d -> %d), %d browsers moved, back %.0f ms after "
                        + "the gateway showed it live (%.0f ms after its process started)%n", cluster.idOf("orb-d"), changed, before.path("moves").asInt(),
                after.path("moves").asInt(), moved.size(), backMs, (joined - t0) / 1e6);
        assertThat(changed).isEqualTo(N / 4);
        assertThat(after.path("moves").asInt() - before.path("moves").asInt()).isEqualTo(N / 4);
        assertThat(r.keyLost()).as(r.line()).isZero();
        assertThat(r.keyDuplicates()).as(r.line()).isZero();
        // a join takes routes from every node, possibly a node's lowest: its channel part then reaches the new node,
        // which refuses it (node: <id>), and the client resends it through a route the node still owns
        assertThat(r.channelLost()).as(r.line()).isZero();
        assertThat(r.channelDuplicates()).as(r.line()).isZero();
    }
}
