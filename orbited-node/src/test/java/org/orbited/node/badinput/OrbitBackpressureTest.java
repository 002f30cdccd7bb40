package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.orbit.OrbitStats;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;

/**
 * Applications that push more than the node should hold for them: one that pipelines many events and never
 * reads a reply is paused at {@code op.max_in_flight} (here 50) and resumed as its replies are given, and a
 * body that finds the node-wide {@code op.max_pending_bytes} (here 100000) used up fails on its own, leaving
 * its connection usable. Everybody else is served throughout.
 */
class OrbitBackpressureTest {
    private static final int MAX_IN_FLIGHT = 50;
    private static final long MAX_PENDING = 100_000;
    private static final String HEAD = "Orbit 1.0\r\nEvent\r\n";

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b ->
            b.opMaxInFlight(MAX_IN_FLIGHT).opMaxPendingBytes(MAX_PENDING)
            .sessionTimeout(Duration.ofSeconds(60)).eventDeadline(Duration.ofSeconds(60)));

    @Test
    void anAppThatPipelinesManyEventsAndReadsNoReplyIsPausedAtMaxInFlight() {
        OrbitStats stats = NODE.node().node().orbitStats();
        // a session in its grace period: its events wait (in flight) until the browser comes back
        try (RawHttp gone = NODE.node().get("/held?user=h&transport=sse")) {
            gone.awaitText("retry: 2000\n\n");
        }
        NODE.node().awaitConnections("h", "0", "/held", 0);
        long before = stats.requestsIn();

        int events = 4 * MAX_IN_FLIGHT;
        StringBuilder wire = new StringBuilder();
        for (int i = 1; i <= events; i++) {
            String body = "\"e" + i + "\"";
            wire.append(HEAD).append("id: ").append(i).append("\r\nrecipient: h, 0, /held\r\nlength: ")
                    .append(body.length()).append("\r\n\r\n").append(body);
        }
        try (OrbitTestClient pusher = NODE.node().orbit()) {
            pusher.write(wire.toString()); // and reads nothing for now
            await("the first " + MAX_IN_FLIGHT + " dispatched").atMost(Duration.ofSeconds(10))
                    .until(() -> stats.requestsIn() - before >= MAX_IN_FLIGHT);

            NODE.peers().assertStillServed(List.of()); // one request of the good app
            assertThat(stats.requestsIn() - before).as("requests taken from the paused app, plus the good app's")
                    .isEqualTo(MAX_IN_FLIGHT + 1);

            // the browser returns: deliveries complete, replies are given, reading resumes until all are in
            try (RawHttp back = NODE.node().get("/held?user=h&transport=sse")) {
                back.awaitText("data: \"e" + events + "\"\n", Duration.ofSeconds(30));
                Set<String> ids = new HashSet<>();
                for (String reply : pusher.replies(events, Duration.ofSeconds(30))) {
                    assertThat(reply).startsWith("Success\r\nid: ");
                    ids.add(reply);
                }
                assertThat(ids).hasSize(events);
            }
        }
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void aBodyThatFindsThePendingBudgetUsedUpFailsAndItsConnectionIsKept() {
        OrbitStats stats = NODE.node().node().orbitStats();
        try (OrbitTestClient holder = NODE.node().orbit(); OrbitTestClient other = NODE.node().orbit()) {
            // holds at least 40000 bytes of a 50000-byte body
            holder.write(HEAD + "id: big\r\nrecipient: /void\r\nlength: 50000\r\n\r\n" + "h".repeat(40_000));
            await("the holder's bytes are held").atMost(Duration.ofSeconds(10))
                    .until(() -> stats.pendingBytes() >= 40_000);

            // needs 60000 more: past the 100000 budget
            other.write(HEAD + "id: 2\r\nrecipient: /void\r\nlength: 60000\r\n\r\n" + "o".repeat(60_000));
            assertThat(other.reply()).isEqualTo("Failure\r\nid: 2\r\nmsg: node busy, op.max_pending_bytes reached\r\n\r\n");
            String id = other.send("\"small\"", "/void");
            assertThat(other.reply()).as("the same connection, next request").isEqualTo("Success\r\nid: " + id + "\r\n\r\n");

            holder.write("h".repeat(10_000));
            assertThat(holder.reply()).isEqualTo("Success\r\nid: big\r\n\r\n");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.pendingBytes() == 0);
        NODE.peers().assertStillServed(List.of());
    }
}
