package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import static java.util.concurrent.TimeUnit.SECONDS;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/** The client against a real node on free ports; browsers are raw-socket SSE connections. */
class OrbitClientNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger USERS = new AtomicInteger();
    private static RunningNode node;
    private OrbitClient client;

    @BeforeAll
    static void startNode() {
        // A long grace period keeps a disconnected browser's session (and its queued events) alive,
        // which is how the tests hold replies back; the browsers are SSE, so it is the resume grace.
        node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(60))
                .sessionResumeTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close(Duration.ofSeconds(2));
        }
    }

    private OrbitClient client(java.util.function.UnaryOperator<OrbitClient.Builder> tweak) {
        client = tweak.apply(OrbitClient.builder().host("127.0.0.1").port(node.orbitPort())).build();
        return client;
    }

    private static Key newKey() {
        return Key.of("user" + USERS.incrementAndGet(), "s" + System.nanoTime(), "/chat");
    }

    /** A key whose browser connected once and left: events for it are queued and answered only on its return. */
    private static Key inGrace() {
        Key k = newKey();
        Browser.open(node, k).close();
        node.awaitConnections(k.user(), k.session(), k.location(), 0);
        return k;
    }

    @Test
    void sendReachesTheBrowserAndReportsSuccess() throws Exception {
        Key alice = newKey();
        try (Browser b = Browser.open(node, alice)) {
            SendResult r = client(c -> c).send(List.of(alice), "[\"msg\",\"héllo\"]").get(10, SECONDS);
            assertThat(r.ok()).isTrue();
            assertThat(r.reached()).containsExactly(alice);
            assertThat(r.resent()).isFalse();
            assertThat(r.id()).isEqualTo("1");
            b.await("[\"msg\",\"héllo\"]");
            // plain strings in wire form work too
            assertThat(client.send(List.of(alice.wireForm()), "2").get(10, SECONDS).id())
                    .isEqualTo("2");
            b.await("2");
        }
    }

    @Test
    void failuresAreReportedPerRecipient() throws Exception {
        Key alice = newKey();
        Key ghost = Key.of("ghost", "nobody", "/chat");
        Key wrongPlace = Key.of(alice.user(), alice.session(), "/elsewhere");
        try (Browser b = Browser.open(node, alice)) {
            SendResult r = client(c -> c).send(List.of(ghost, alice, wrongPlace.wireForm()), "\"x\"")
                    .get(10, SECONDS);
            assertThat(r.ok()).isFalse();
            assertThat(r.reached()).containsExactly(alice);
            assertThat(r.failed()).containsExactly(ghost, wrongPlace);
            b.await("\"x\"");
        }
        // a recipient the wire format cannot carry never leaves the caller
        assertThatThrownBy(() -> client.send(List.of("alice, 0"), "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recipient \"alice, 0\"");
        assertThatThrownBy(() -> client.send(List.of(Key.of("a", "b", "/c"), "a, b, c"), "x"))
                .hasMessageContaining("location \"c\"");
    }

    @Test
    void channelPublishReachesSubscribers() throws Exception {
        Key alice = newKey();
        Key bob = newKey();
        try (Browser a = Browser.open(node, alice, "/rooms/lobby"); Browser b = Browser.open(node, bob, "/rooms/lobby")) {
            SendResult r = client(c -> c).send(List.of(Recipient.channel("/rooms/lobby"), "/rooms/empty"), "\"all\"")
                    .get(10, SECONDS);
            assertThat(r.reached()).containsExactly(Channel.of("/rooms/lobby"), Channel.of("/rooms/empty"));
            a.await("\"all\"");
            b.await("\"all\"");
        }
    }

    @Test
    void pipelinedRepliesOvertakeEachOther() throws Exception {
        Key slow = inGrace();
        Key fast = newKey();
        try (Browser b = Browser.open(node, fast)) {
            client(c -> c);
            CompletableFuture<SendResult> first = client.send(List.of(slow), "\"held\"");
            CompletableFuture<SendResult> second = client.send(List.of(fast), "\"now\"");
            SendResult r2 = second.get(10, SECONDS);
            assertThat(r2.id()).isEqualTo("2");
            assertThat(first).isNotDone();
            b.await("\"now\"");
            try (Browser back = Browser.open(node, slow)) {
                SendResult r1 = first.get(10, SECONDS);
                assertThat(r1.id()).isEqualTo("1");
                assertThat(r1.reached()).containsExactly(slow);
                back.await("\"held\"");
            }
        }
    }

    @Test
    void sendJsonEncodesWithJacksonAndSendAndWaitBlocks() {
        Key alice = newKey();
        try (Browser b = Browser.open(node, alice)) {
            client(c -> c).sendJson(List.of(alice), Map.of("text", "naïve ✓")).join();
            b.await("{\"text\":\"naïve ✓\"}");
            client.sendJson(List.of(alice), "a string").join();
            b.await("\"a string\"");
            SendResult r = client.sendAndWait(List.of(alice, Key.of("ghost", "0", "/chat")), "[1,2]");
            assertThat(r.failed()).containsExactly(Key.of("ghost", "0", "/chat"));
            b.await("[1,2]");
            assertThat(b.events()).containsExactly("{\"text\":\"naïve ✓\"}", "\"a string\"", "[1,2]");
        }
    }

    @Test
    void backpressureAtTheInFlightLimit() throws Exception {
        Key held = inGrace();
        client(c -> c.maxInFlight(2));
        CompletableFuture<SendResult> one = client.send(List.of(held), "1");
        CompletableFuture<SendResult> two = client.send(List.of(held), "2");
        assertThat(client.inFlight()).isEqualTo(2);

        // trySend fails fast and sends nothing
        CompletableFuture<SendResult> refused = client.trySend(List.of(held), "never");
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(OrbitBackpressureException.class)
                .hasMessageContaining("all 2 in-flight slots are taken");

        // send blocks its caller until a slot frees
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<CompletableFuture<SendResult>> blocked =
                    CompletableFuture.supplyAsync(() -> client.send(List.of(held), "3"), caller);
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !blocked.isDone());
            assertThat(one).isNotDone();
            try (Browser back = Browser.open(node, held)) {
                assertThat(one.get(10, SECONDS).ok()).isTrue();
                assertThat(two.get(10, SECONDS).ok()).isTrue();
                assertThat(blocked.get(10, SECONDS).get(10, SECONDS).ok()).isTrue();
                back.await("3");
                assertThat(back.events()).containsExactly("1", "2", "3");
            }
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void noReplyWithinTheRequestTimeout() {
        Key held = inGrace();
        CompletableFuture<SendResult> f = client(c -> c.requestTimeout(Duration.ofMillis(300))).send(List.of(held), "x");
        assertThat(f).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(OrbitTimeoutException.class).withMessageContaining("within PT0.3S");
        assertThat(client.inFlight()).isZero();
        assertThatThrownBy(() -> client.sendAndWait(List.of(held), "y")).isInstanceOf(OrbitTimeoutException.class);
    }

    @Test
    void requestTheNodeRejectsFailsWithItsMessageAndTheConnectionStaysUsable() throws Exception {
        try (RunningNode small = RunningNode.start(b -> b.opMaxBody(16))) {
            Key alice = Key.of("alice", "0", "/chat");
            try (OrbitClient c = OrbitClient.builder().host("127.0.0.1").port(small.orbitPort()).build()) {
                CompletableFuture<SendResult> big = c.send(List.of(alice), "x".repeat(100));
                assertThat(big).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(OrbitRequestException.class)
                        .withMessageContaining("body exceeds op.max_body");
                Throwable cause = catchThrowable(big::join).getCause();
                assertThat(((OrbitRequestException) cause).nodeMessage()).isEqualTo("body exceeds op.max_body");
                SendResult next = c.send(List.of(alice), "ok").get(10, SECONDS);
                assertThat(next.id()).isEqualTo("2");
                assertThat(next.failed()).containsExactly(alice);
            }
        }
    }

    @Test
    void closeWaitsForOutstandingRepliesThenRejects() throws Exception {
        Key held = inGrace();
        client(c -> c);
        CompletableFuture<SendResult> pending = client.send(List.of(held), "late");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> client.close(WAIT));
        Key ghost = Key.of("ghost", "0", "/chat"); // answered at once, so it never holds close() up
        await().atMost(WAIT).until(() -> client.send(List.of(ghost), "x").isCompletedExceptionally());
        assertThatThrownBy(() -> client.send(List.of(held), "x").join()).hasCauseInstanceOf(OrbitClosedException.class);
        assertThat(closing).isNotDone();
        try (Browser back = Browser.open(node, held)) {
            assertThat(pending.get(10, SECONDS).ok()).isTrue();
            closing.get(10, SECONDS);
        }
    }
}
