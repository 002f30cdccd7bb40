package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Failures that need a peer other than a healthy node: nobody listening, or a peer answering garbage. */
class OrbitClientBadPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<Key> ALICE = List.of(Key.of("alice", "0", "/chat"));

    private static OrbitClient client(int port) {
        return OrbitClient.builder().host("127.0.0.1").port(port).requestTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (OrbitClient c = client(port)) {
            assertThatThrownBy(c::connect).isInstanceOf(OrbitConnectException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasCauseInstanceOf(java.net.ConnectException.class);
            assertThat(c.send(ALICE, "x")).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(OrbitConnectException.class);
            assertThat(c.inFlight()).isZero();
        }
    }

    @Test
    void garbageIsAProtocolErrorNamingTheBytes() throws Exception {
        try (FakeOrbitPeer peer = new FakeOrbitPeer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                OrbitClient c = client(peer.port())) {
            CompletableFuture<SendResult> f = c.send(ALICE, "x");
            assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(OrbitProtocolException.class)
                    .withMessageContaining("\"HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n\"");
        }
    }

    @Test
    void replyWithoutIdIsAProtocolError() throws Exception {
        try (FakeOrbitPeer peer = new FakeOrbitPeer("Success\r\n\r\n"); OrbitClient c = client(peer.port())) {
            assertThat(c.send(ALICE, "x")).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(OrbitProtocolException.class).withMessageContaining("without an id");
        }
    }

    @Test
    void errorReplyFailsWithTheNodesMessage() throws Exception {
        try (FakeOrbitPeer peer = new FakeOrbitPeer("Error\r\nmsg: missing id header\r\n\r\n");
                OrbitClient c = client(peer.port())) {
            assertThatThrownBy(() -> c.sendAndWait(ALICE, "x")).isInstanceOf(OrbitRequestException.class)
                    .hasMessageContaining("missing id header")
                    .satisfies(e -> assertThat(((OrbitRequestException) e).nodeMessage()).isEqualTo("missing id header"));
        }
    }

    @Test
    void unknownReplyHeadersAreIgnored() throws Exception {
        try (FakeOrbitPeer peer = new FakeOrbitPeer("Success\r\nid: 1\r\nx-node: future\r\n\r\n");
                OrbitClient c = client(peer.port())) {
            SendResult r = c.sendAndWait(ALICE, "x");
            assertThat(r.ok()).isTrue();
            assertThat(r.id()).isEqualTo("1");
        }
    }

    @Test
    void connectionClosedMidReplyIsResentThenReported() throws Exception {
        // The peer closes after half a reply and stops listening: the resend finds nobody to connect to.
        try (FakeOrbitPeer peer = new FakeOrbitPeer("Succ", true)) {
            OrbitClient c = OrbitClient.builder().host("127.0.0.1").port(peer.port()).reconnectAttempts(2).build();
            CompletableFuture<SendResult> f = c.send(ALICE, "x");
            assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(OrbitConnectException.class).withMessageContaining("2 reconnect attempts failed")
                    .havingCause().withMessageContaining("cannot connect");
            c.close(Duration.ofSeconds(1));
        }
    }
}
