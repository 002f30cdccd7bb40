package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.halod.link.LinkClient;
import org.orbited.halod.link.Role;

/** The control server against real LinkClients over loopback. */
class GatewayControlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RunningGateway gateway(int routes, Map<String, String> extra) throws Exception {
        // generous timing: the test machine is shared and often loaded; the silence test sets its own
        Map<String, String> keys = new java.util.HashMap<>(Map.of("heartbeat_ms", "200", "miss_limit", "25",
                "fence_ms", "4000"));
        keys.putAll(extra);
        RunningGateway g = RunningGateway.start(dir, routes, keys);
        open.add(g);
        return g;
    }

    private LinkClient node(RunningGateway g, String name, RecordingNode rec) {
        LinkClient c = g.client(name, "127.0.0.1:1", "127.0.0.1:2", rec);
        open.add(c);
        return c;
    }

    @Test
    void registrationGivesRolesByTheReserveRuleAndRegisteredCarriesTheSettings() throws Exception {
        RunningGateway g = gateway(24, Map.of("reserve.count", "1"));
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        RecordingNode c = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        node(g, "orb-b", b);
        await().atMost(WAIT).until(() -> b.lastRegistered() != null && !b.events.isEmpty());
        node(g, "orb-c", c);
        await().atMost(WAIT).until(() -> c.owned().size() == 12);

        assertThat(a.lastRegistered().role()).isEqualTo(Role.ACTIVE);
        assertThat(a.lastRegistered().id()).isEqualTo(1);
        assertThat(a.lastRegistered().dataPlane()).isEqualTo("relay");
        assertThat(a.lastRegistered().heartbeatMs()).isEqualTo(200);
        assertThat(a.lastRegistered().missLimit()).isEqualTo(25);
        assertThat(a.lastRegistered().fenceMs()).isEqualTo(4000);
        assertThat(a.lastRegistered().browserBase()).isEqualTo(g.config.ports().browserBase());
        assertThat(a.lastRegistered().appBase()).isEqualTo(g.config.ports().appBase());
        assertThat(b.lastRegistered().role()).isEqualTo(Role.RESERVE);
        assertThat(b.lastRegistered().id()).isZero();
        assertThat(b.events).first().satisfies(e -> assertThat(e.routes()).isEmpty()); // REGISTERED then ROUTES {}
        assertThat(c.lastRegistered().role()).isEqualTo(Role.ACTIVE);
        assertThat(c.lastRegistered().id()).isEqualTo(2);
        await().atMost(WAIT).until(() -> a.owned().size() == 12);
    }

    @Test
    void aJoinMovesExactlyTheTablesRoutesAndTheOldOwnerGetsRouteMovedThenRoutes() throws Exception {
        RunningGateway g = gateway(24, Map.of());
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        node(g, "orb-b", b);
        await().atMost(WAIT).until(() -> a.owned().size() == 12);

        Set<Integer> upper = new TreeSet<>();
        for (int r = 13; r <= 24; r++) {
            upper.add(r);
        }
        int n = a.events.size();
        RecordingNode.Event moved = a.events.get(n - 2);
        RecordingNode.Event owned = a.events.get(n - 1);
        assertThat(moved.kind()).isEqualTo("moved");
        assertThat(moved.routes()).isEqualTo(upper);
        assertThat(moved.to()).isEqualTo(2);
        assertThat(moved.version()).isEqualTo(2);
        assertThat(owned.kind()).isEqualTo("owned");
        assertThat(owned.version()).isEqualTo(2);
        assertThat(b.owned()).isEqualTo(upper);
        JsonNode status = g.status();
        assertThat(status.get("moves").asLong()).isEqualTo(12);
        assertThat(status.get("owner").get(12).asInt()).isEqualTo(2);
    }

    @Test
    void aClosedLinkIsAFailureThatMovesItsRoutesAtOnce() throws Exception {
        RunningGateway g = gateway(24, Map.of());
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        try (RawLink raw = RawLink.register(g, "orb-raw", 0)) {
            await().atMost(WAIT).until(() -> a.owned().size() == 12);
        } // EOF without BYE
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        JsonNode status = g.status();
        assertThat(status.get("failovers").asLong()).isEqualTo(1);
        assertThat(status.get("nodes")).hasSize(1);
    }

    @Test
    void aSilentNodeIsDeclaredFailedAfterMissLimitIntervals() throws Exception {
        RunningGateway g = gateway(24, Map.of("miss_limit", "5", "fence_ms", "600"));
        RecordingNode a = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        try (RawLink raw = RawLink.register(g, "orb-silent", 0)) {
            await().atMost(WAIT).until(() -> a.owned().size() == 12);
            long silentSince = System.nanoTime();
            // raw sends nothing more: failure after 5 × 200 ms, announced with BYE fenced
            assertThat(raw.readUntil("BYE", WAIT)).contains("\"reason\":\"fenced\"");
            long ms = (System.nanoTime() - silentSince) / 1_000_000;
            assertThat(ms).isGreaterThanOrEqualTo(900);
            await().atMost(WAIT).until(() -> a.owned().size() == 24);
        }
    }

    @Test
    void drainEndToEndWithLinkClient() throws Exception {
        RunningGateway g = gateway(24, Map.of());
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        LinkClient cb = node(g, "orb-b", b);
        await().atMost(WAIT).until(() -> b.owned().size() == 12);

        cb.drain().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(a.owned()).hasSize(24);
        RecordingNode.Event last = b.events.get(b.events.size() - 1);
        RecordingNode.Event moved = b.events.get(b.events.size() - 2);
        assertThat(moved.kind()).isEqualTo("moved");
        assertThat(moved.routes()).hasSize(12);
        assertThat(last.kind()).isEqualTo("owned");
        assertThat(last.routes()).isEmpty();
        assertThat(last.version()).isEqualTo(moved.version());
        JsonNode status = g.status();
        assertThat(status.get("nodes")).hasSize(1);
        assertThat(status.get("failovers").asLong()).isZero();
    }

    @Test
    void anOperatorDrainThroughTheAdminPortEndsWithByeDrained() throws Exception {
        RunningGateway g = gateway(24, Map.of());
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        node(g, "orb-a", a);
        node(g, "orb-b", b);
        await().atMost(WAIT).until(() -> b.owned().size() == 12);
        assertThat(g.admin("POST", "/drain?node=orb-b").statusCode()).isEqualTo(202);
        assertThat(g.admin("POST", "/drain?node=nobody").statusCode()).isEqualTo(409);
        await().atMost(WAIT).until(() -> b.goodbyes.contains(org.orbited.halod.link.ByeReason.DRAINED));
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        assertThat(g.status().get("nodes")).hasSize(1);
    }

    @Test
    void aRestartedGatewayKeepsEveryRouteWhenTheNodesReclaimTheirIds() throws Exception {
        RunningGateway g = gateway(24, Map.of());
        RecordingNode a = new RecordingNode();
        RecordingNode b = new RecordingNode();
        node(g, "orb-a", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
        node(g, "orb-b", b);
        await().atMost(WAIT).until(() -> b.owned().size() == 12 && a.owned().size() == 12);
        JsonNode before = g.status();

        g.restart();
        await().atMost(WAIT).until(() -> a.registered.size() == 2 && b.registered.size() == 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> g.status().get("nodes").size() == 2);
        JsonNode after = g.status();
        assertThat(after.get("version")).isEqualTo(before.get("version"));
        assertThat(after.get("owner")).isEqualTo(before.get("owner"));
        assertThat(after.get("moves").asLong()).isZero();
        assertThat(a.lastRegistered().id()).isEqualTo(1);
        assertThat(b.lastRegistered().id()).isEqualTo(2);
        assertThat(a.events.stream().filter(e -> e.kind().equals("moved")).count()).isEqualTo(1); // the join's only
    }
}
