package org.orbited.halod.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node-side link against {@link FakeGateway}, a real loopback server standing in for the gateway (which does
 * not exist yet). Every wait is bounded (10 s); no test depends on timing beyond that bound.
 */
class LinkClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeGateway gateway;
    private final RecordingNodeControl control = new RecordingNodeControl();
    private LinkClient client;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new FakeGateway();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        gateway.close();
    }

    private void startClient(List<InetSocketAddress> gateways) {
        client = new LinkClient(new LinkSettings(gateways, "s3cret", "orb-a", "127.0.0.1:8000", "127.0.0.1:9000",
                100, 1000, 20, 200, 5000), control);
        client.start();
    }

    /** Answers the link's REGISTER: id 3, active, N = 24, the given timing; then ROUTES v3 {1, 2}. */
    private Register register(FakeGateway.Link link, long heartbeatMs, long fenceMs) throws Exception {
        Register r = link.next(Register.class);
        link.send(new Registered(3, Role.ACTIVE, 24, "relay", heartbeatMs, 5, fenceMs, 24000, 25000));
        link.send(new Routes(3, 3, Set.of(1, 2)));
        await().atMost(WAIT).until(() -> !control.owned.isEmpty());
        return r;
    }

    @Test
    void registersThenHeartbeatsWithLoadFigures() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        Register r = register(link, 20, 5000);
        assertThat(r).isEqualTo(new Register("s3cret", "orb-a", 0, "127.0.0.1:8000", "127.0.0.1:9000", 100, 0));
        assertThat(control.registered).singleElement().satisfies(reg -> assertThat(reg.appRoute(25001)).isEqualTo(2));
        assertThat(control.owned).containsExactly(new RecordingNodeControl.Owned(3, 3, Set.of(1, 2)));
        NodeHeartbeat h1 = link.next(NodeHeartbeat.class);
        NodeHeartbeat h2 = link.next(NodeHeartbeat.class);
        assertThat(h1).isEqualTo(new NodeHeartbeat(1, 1520, 1490, 12, 3));
        assertThat(h2.seq()).isEqualTo(2);
        assertThat(control.threads).allMatch(t -> t.equals("halod-link-orb-a"));
    }

    @Test
    void routeMovedIsReportedAppliedOnlyAfterTheMoveCompletes() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 5000);
        link.send(new RouteMoved(4, Set.of(2), 1, 2000));
        link.send(new Routes(4, 3, Set.of(1)));
        await().atMost(WAIT).until(() -> control.moves.size() == 1);
        RecordingNodeControl.Move move = control.moves.get(0);
        assertThat(move.version()).isEqualTo(4);
        assertThat(move.routes()).containsExactly(2);
        assertThat(move.to()).isEqualTo(1);
        // while the move runs, heartbeats report the version before it
        for (int i = 0; i < 3; i++) {
            assertThat(link.next(NodeHeartbeat.class).applied()).isEqualTo(3);
        }
        move.done().complete(null);
        NodeHeartbeat h;
        do {
            h = link.next(NodeHeartbeat.class);
        } while (h.applied() == 3);
        assertThat(h.applied()).isEqualTo(4);
    }

    @Test
    void drainSequenceEndsWithByeBothWaysAndNoReconnect() throws Exception {
        control.completeMovesAtOnce = true;
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 5000);
        CompletableFuture<Void> drained = client.drain().toCompletableFuture();
        link.next(Drain.class);
        link.send(new RouteMoved(5, Set.of(1, 2), 2, 2000));
        link.send(new Routes(5, 3, Set.of()));
        NodeHeartbeat h;
        do {
            h = link.next(NodeHeartbeat.class);
        } while (h.applied() < 5);
        assertThat(link.next(Bye.class)).isEqualTo(new Bye(ByeReason.DRAINED));
        assertThat(drained).isNotDone();
        link.send(new Bye(ByeReason.DRAINED));
        await().atMost(WAIT).until(drained::isDone);
        assertThat(drained).isCompleted();
        link.awaitEof();
        assertThat(control.moves).singleElement().satisfies(m -> assertThat(m.routes()).containsExactly(1, 2));
        assertThat(gateway.pollLink(500)).as("a drained node does not reconnect").isNull();

        client.close();
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("halod-link-orb-a") && t.isAlive()));
    }

    @Test
    void theSettingsNeverPrintTheToken() {
        LinkSettings s = new LinkSettings(List.of(gateway.address()), "s3cret", "orb-a", "127.0.0.1:8000",
                "127.0.0.1:9000", 100, 1000, 20, 200, 5000);
        assertThat(s.toString()).doesNotContain("s3cret").contains("orb-a");
    }

    @Test
    void fencesAfterSilenceThenReconnectsAndReclaimsItsId() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 200); // then the gateway says nothing more
        await().atMost(WAIT).until(() -> control.fences.get() == 1);
        link.awaitEof();
        Register again = gateway.nextLink().next(Register.class);
        assertThat(again.id()).isEqualTo(3);
        assertThat(again.tableVersion()).isEqualTo(3);
    }

    /** A gateway that accepts but never answers (e.g. stopped): the node drops that link too and tries again. */
    @Test
    void aLinkThatNeverAnswersRegisterIsDroppedAndRetried() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 200);
        await().atMost(WAIT).until(() -> control.fences.get() == 1);
        link.awaitEof();
        FakeGateway.Link mute = gateway.nextLink();
        mute.next(Register.class); // never answered
        mute.awaitEof();
        assertThat(gateway.nextLink().next(Register.class).id()).isEqualTo(3);
        assertThat(control.fences.get()).as("fenced once per silence, not per retry").isEqualTo(1);
    }

    @Test
    void reconnectsAfterEofAndReclaimsItsIdWithoutFencing() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 5000);
        link.close();
        FakeGateway.Link second = gateway.nextLink();
        Register again = second.next(Register.class);
        assertThat(again.id()).isEqualTo(3);
        assertThat(again.tableVersion()).isEqualTo(3);
        assertThat(control.fences.get()).isZero();
        second.send(new Registered(3, Role.ACTIVE, 24, "relay", 20, 5, 5000, 24000, 25000));
        await().atMost(WAIT).until(() -> control.registered.size() == 2);
    }

    @Test
    void usesTheFirstGatewayThatAnswers() throws Exception {
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        startClient(List.of(dead, gateway.address()));
        assertThat(gateway.nextLink().next(Register.class).name()).isEqualTo("orb-a");
    }

    @Test
    void aBadLineFromTheGatewayGetsByeProtocolAndTheLinkIsRebuilt() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 5000);
        link.sendRaw("{\"type\":\"NOPE\"}");
        assertThat(link.next(Bye.class)).isEqualTo(new Bye(ByeReason.PROTOCOL));
        link.awaitEof();
        assertThat(gateway.nextLink().next(Register.class).id()).isEqualTo(3);
    }

    @Test
    void byeFencedFromTheGatewayFencesAtOnce() throws Exception {
        startClient(List.of(gateway.address()));
        FakeGateway.Link link = gateway.nextLink();
        register(link, 20, 5000);
        link.send(new Bye(ByeReason.FENCED));
        await().atMost(WAIT).until(() -> control.fences.get() == 1);
        assertThat(control.goodbyes).containsExactly(ByeReason.FENCED);
        link.awaitEof();
        assertThat(gateway.nextLink().next(Register.class).name()).isEqualTo("orb-a");
    }
}
