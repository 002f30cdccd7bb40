package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.orbit.OrbitStats;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;

/**
 * Requests that stop half-way on the Orbit port: a declared {@code length} costs no memory until the body
 * arrives, and {@code op.request_timeout} (here 1 s) answers and closes a request that does not complete in
 * time, while a connection idle between requests stays open and everybody else is served.
 */
class OrbitStalledRequestTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String G = WellBehavedPeers.KEY;
    private static final String HEAD = "Orbit 1.0\r\nEvent\r\n";
    private static final String TIMED_OUT = "msg: request incomplete after op.request_timeout\r\n\r\n";
    private static final int CONNECTIONS = 200;
    private static final int MIB = 1 << 20;

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b ->
            b.opRequestTimeout(TIMEOUT));

    /** The head of a request for {@code 1048576} body bytes, none of which follow. */
    private static String megabyteHead(int id) {
        return HEAD + "id: " + id + "\r\nrecipient: " + G + "\r\nlength: " + MIB + "\r\n\r\n";
    }

    @Test
    void twoHundredConnectionsDeclaringAMegabyteHoldNoBodyMemory() {
        // a node with the default 30 s timeout, so that nothing is cut while memory is measured
        try (RunningNode quiet = RunningNode.start(b -> b)) {
            OrbitStats stats = quiet.node().orbitStats();
            long before = heapAfterGc();
            List<OrbitTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    OrbitTestClient c = quiet.orbit();
                    clients.add(c);
                    c.write(megabyteHead(i));
                }
                // every head is parsed: the node holds each recipient value and nothing for the bodies
                await("all heads parsed").atMost(Duration.ofSeconds(20))
                        .until(() -> stats.pendingBytes() == (long) CONNECTIONS * G.length());
                long grown = heapAfterGc() - before;
                assertThat(grown).as("heap grown while %d bodies of 1 MiB are declared", CONNECTIONS)
                        .isLessThan(32L * MIB);
            } finally {
                clients.forEach(OrbitTestClient::close);
            }
            await("released on close").atMost(Duration.ofSeconds(10)).until(() -> stats.pendingBytes() == 0);
        }
    }

    @Test
    void twoHundredStalledRequestsAreEachAnsweredAndClosedAtTheTimeout() {
        List<OrbitTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                OrbitTestClient c = NODE.node().orbit();
                clients.add(c);
                c.write(megabyteHead(i));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                OrbitTestClient c = clients.get(i);
                assertThat(c.reply(Duration.ofSeconds(30))).isEqualTo("Failure\r\nid: " + i + "\r\n" + TIMED_OUT);
                assertThat(c.closedByServer(Duration.ofSeconds(10))).as("closed by the server").isTrue();
            }
        } finally {
            clients.forEach(OrbitTestClient::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> NODE.node().node().orbitStats().pendingBytes() == 0);
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void aHeadTrickledOneBytePerSecondIsCutAtTheTimeout() throws Exception {
        String head = HEAD + "id: 5\r\nrecipient: " + G + "\r\nlength: 5\r\n\r\n\"bad\"";
        try (OrbitTestClient slow = NODE.node().orbit()) {
            long start = System.nanoTime();
            // the slow client under test: one byte of the head per second, until the node closes the connection
            java.util.concurrent.ScheduledExecutorService trickle =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            trickle.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < head.length()) {
                    try {
                        slow.write(head.substring(i, i + 1));
                    } catch (RuntimeException closedByTheNode) {
                        sent.set(head.length()); // the write failed: the trickle ends
                    }
                }
            }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(slow.reply(Duration.ofSeconds(20))).isEqualTo("Error\r\n" + TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
            assertThat(slow.closedByServer(Duration.ofSeconds(10))).isTrue();
            trickle.shutdownNow();
            assertThat(trickle.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void aBodyThatStopsHalfWayIsAnsweredWithItsId() {
        try (OrbitTestClient stalled = NODE.node().orbit()) {
            stalled.write(HEAD + "id: 6\r\nrecipient: " + G + "\r\nlength: 100\r\n\r\n\"only ten\"");
            assertThat(stalled.reply(Duration.ofSeconds(20))).isEqualTo("Failure\r\nid: 6\r\n" + TIMED_OUT);
            assertThat(stalled.closedByServer(Duration.ofSeconds(10))).isTrue();
        }
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void connectionsIdleBetweenRequestsStayOpen() {
        try (OrbitTestClient app = NODE.node().orbit(); OrbitTestClient silent = NODE.node().orbit();
             OrbitTestClient crlf = NODE.node().orbit()) {
            String id = app.send("\"first\"", G);
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            crlf.write("\r\n\r\n"); // empty lines start no request
            await("idle for three timeouts").during(TIMEOUT.multipliedBy(3)).atMost(TIMEOUT.multipliedBy(6))
                    .until(() -> !app.closedByServer(Duration.ofMillis(50))
                            && !silent.closedByServer(Duration.ofMillis(50))
                            && !crlf.closedByServer(Duration.ofMillis(50)));
            for (OrbitTestClient c : List.of(app, silent, crlf)) {
                String next = c.send("\"again\"", G);
                assertThat(c.reply()).isEqualTo("Success\r\nid: " + next + "\r\n\r\n");
            }
            NODE.peers().assertStillServed(List.of("\"first\"", "\"again\"", "\"again\"", "\"again\""));
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
