package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * A peer that accepts every connection and closes it at once, as a HaloD gateway does on an app port whose route has
 * no live owner (just restarted, nodes not yet re-registered). The connection can die before the client has installed
 * it as its current one; the client must then neither spin on the dead connection (a caller of {@code send} and the
 * timer thread stuck forever: the app stall after a gateway kill -9, docs/cluster.md) nor block: every send returns at
 * once and its future fails within the bounds.
 */
class OrbitClientClosingPeerTest {
    private final ServerSocket server;
    private final Thread acceptor;
    private volatile boolean stopping;

    OrbitClientClosingPeerTest() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!stopping) {
                try (Socket s = server.accept()) {
                    s.setSoLinger(true, 0); // RST: the client sees the end as soon as it reads
                } catch (IOException e) {
                    return;
                }
            }
        }, "closing-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        stopping = true;
        server.close();
        acceptor.join(5000);
    }

    /**
     * Deterministically, the state the thread dumps of the stalled app showed ({@code current} a connection that is
     * already dead, its loss reported before it was installed): a send must open a fresh connection and get the
     * node's answer, not loop on {@code submit} returning false forever (it did, holding the caller's thread).
     */
    @Test
    void aDeadConnectionLeftAsTheCurrentOneIsReplacedNotSpunOn() throws Exception {
        try (RunningNode node = RunningNode.start();
             OrbitClient client = OrbitClient.builder().host("127.0.0.1").port(node.orbitPort()).build()) {
            Connection dead = Connection.open("127.0.0.1", node.orbitPort(), 2000, new Connection.Listener() {
                @Override
                public void onReply(Connection c, PendingRequest p, Reply r) {
                }

                @Override
                public void onUnmatchedError(Connection c, Reply r) {
                }

                @Override
                public void onLost(Connection c, IOException cause) {
                    // reported to nobody: the client learns of this loss only through submit()
                }

                @Override
                public void onProtocolError(Connection c, OrbitProtocolException e) {
                }
            });
            dead.shutdown();
            Field current = OrbitClient.class.getDeclaredField("current");
            Field lock = OrbitClient.class.getDeclaredField("lock");
            current.setAccessible(true);
            lock.setAccessible(true);
            synchronized (lock.get(client)) {
                current.set(client, dead);
            }
            SendResult r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> client.send(List.of(Key.of("nobody", "s", "/ev")), "\"x\"").get(10, TimeUnit.SECONDS),
                    "send spun on the dead connection");
            assertThat(r.failed()).containsExactly(Key.of("nobody", "s", "/ev")); // the node answered: no session
        }
    }

    @Test
    void everySendToAPeerThatClosesAtOnceCompletesAndNoThreadSpinsOnTheDeadConnection() {
        try (OrbitClient client = OrbitClient.builder().host("127.0.0.1").port(server.getLocalPort())
                .reconnectAttempts(3).requestTimeout(Duration.ofSeconds(5)).build()) {
            List<CompletableFuture<SendResult>> fs = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 300; i++) { // bounded; each connect races the peer's close
                    fs.add(client.send(List.of(Key.of("u" + i, "s", "/ev")), "\"x\""));
                }
                for (CompletableFuture<SendResult> f : fs) {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException expected) {
                        assertThat(expected.getCause()).isInstanceOf(OrbitException.class);
                    }
                }
            }, "a send or its future hung on a connection the peer had closed");
            assertThat(fs).allMatch(CompletableFuture::isDone);
            assertThat(client.inFlight()).isZero();
        }
    }
}
