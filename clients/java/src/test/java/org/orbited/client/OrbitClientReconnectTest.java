package org.orbited.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/** A connection cut mid-stream (a relay between client and real node closes both sides). */
class OrbitClientReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private RunningNode node;
    private CuttableProxy proxy;
    private OrbitClient client;
    private final Key alice = Key.of("alice", "7f3a", "/chat");

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start();
        proxy = new CuttableProxy(node.orbitPort());
        client = OrbitClient.builder().host("127.0.0.1").port(proxy.port()).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close(Duration.ofSeconds(2));
        proxy.close();
        node.close();
    }

    private List<CompletableFuture<SendResult>> sendAll(int from, int to) {
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            fs.add(client.send(List.of(alice), String.valueOf(i)));
        }
        return fs;
    }

    @Test
    void requestsLostWithTheConnectionAreResentOnceAndAllArrive() throws Exception {
        try (Browser b = Browser.open(node, alice)) {
            for (CompletableFuture<SendResult> f : sendAll(1, 3)) {
                assertThat(f.get(10, SECONDS).resent()).isFalse();
            }
            proxy.swallowRequests(true); // the next requests leave the client but never reach the node
            List<CompletableFuture<SendResult>> lost = sendAll(4, 8);
            await().atMost(WAIT).until(() -> proxy.swallowedRequests() == 5);
            proxy.swallowRequests(false);
            proxy.cut();
            for (CompletableFuture<SendResult> f : lost) {
                SendResult r = f.get(10, SECONDS);
                assertThat(r.ok()).isTrue();
                assertThat(r.resent()).isTrue();
            }
            assertThat(proxy.accepted()).isEqualTo(2);
            // new ids on the new connection, from 1 again, in the original order
            assertThat(lost.stream().map(f -> f.join().id())).containsExactly("1", "2", "3", "4", "5");
            List<CompletableFuture<SendResult>> after = sendAll(9, 9);
            assertThat(after.get(0).get(10, SECONDS).resent()).isFalse();
            b.await("9");
            assertThat(b.events()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        }
    }

    @Test
    void aLostReplyMeansAtLeastOnce() throws Exception {
        try (Browser b = Browser.open(node, alice)) {
            proxy.swallowReplies(true); // the node delivers, the client never hears about it
            CompletableFuture<SendResult> f = client.send(List.of(alice), "\"twice\"");
            b.await("\"twice\"");
            proxy.swallowReplies(false);
            proxy.cut();
            SendResult r = f.get(10, SECONDS);
            assertThat(r.resent()).isTrue();
            assertThat(r.ok()).isTrue();
            await().atMost(WAIT).until(() -> Collections.frequency(b.eventsNow(), "\"twice\"") == 2);
        }
    }

    @Test
    void aRequestLostTwiceFailsWithTheCause() {
        proxy.swallowRequests(true);
        CompletableFuture<SendResult> f = client.send(List.of(alice), "x");
        await().atMost(WAIT).until(() -> proxy.swallowedRequests() == 1);
        proxy.cut();
        await().atMost(WAIT).until(() -> proxy.swallowedRequests() == 2); // the resend, swallowed again
        proxy.cut();
        assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(OrbitConnectException.class).withMessageContaining("already resent once");
        proxy.swallowRequests(false);
        assertThat(client.send(List.of(alice), "y").join().failed()).containsExactly(alice); // the client recovered
    }
}
