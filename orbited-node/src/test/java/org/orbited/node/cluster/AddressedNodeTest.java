package org.orbited.node.cluster;

import org.orbited.halod.link.FakeGateway;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.halod.link.Register;
import org.orbited.halod.link.Registered;
import org.orbited.halod.link.Role;
import org.orbited.halod.link.Routes;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * The {@code node:} request header (docs/protocol.md, "Addressed node"): a real node joined to a {@link FakeGateway}
 * as id 3 delivers a request addressed to node 3, refuses one addressed to another node (or sent before it has an
 * id) with {@code Failure} / {@code msg: request addressed to another node} and delivers nothing, and still takes
 * requests without the header; a node without a gateway ignores the header.
 */
class AddressedNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REFUSED = "Failure\r\nid: %s\r\nmsg: request addressed to another node\r\n\r\n";

    private FakeGateway gateway;
    private RunningNode node;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Orbit 1.0 request with a {@code node} header. */
    private static String addressed(String id, String nodeId, String body, String... recipients) {
        StringBuilder sb = new StringBuilder("Orbit 1.0\r\nEvent\r\nid: " + id + "\r\nnode: " + nodeId + "\r\n");
        for (String r : recipients) {
            sb.append("recipient: ").append(r).append("\r\n");
        }
        return sb.append("length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    /** A node joining the fake gateway; proxy_from is an address no test socket uses, so direct sockets are route 0. */
    private RunningNode joinedNode() throws java.io.IOException {
        gateway = new FakeGateway();
        node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)).shutdownDrain(Duration.ofMillis(300))
                .cluster(c -> c.withNodeName("orb-addr").withProxyFrom(List.of("127.0.0.9")).withRoutes(4)
                        .withGateway(g -> g.withGateways(List.of("127.0.0.1:" + gateway.address().getPort()))
                                .withToken("t0ken").withCapacity(100))));
        return node;
    }

    @Test
    void aRequestForAnotherNodeIsRefusedAndDeliversNothingWhileItsOwnAndUnaddressedOnesAreDelivered() throws Exception {
        RunningNode n = joinedNode();
        FakeGateway.Link link = gateway.nextLink();
        link.next(Register.class);
        link.send(new Registered(3, Role.ACTIVE, 4, "relay", 100, 5, 60_000, 24000, 25000));
        link.send(new Routes(1, 3, new TreeSet<>(List.of(1, 2, 3, 4))));
        Awaitility.await().atMost(WAIT).until(() -> n.node().clusterStatus().orElseThrow().id() == 3);
        try (SseClient browser = SseClient.open(n.httpPort(), "/loc?user=u&transport=sse&channel=/c");
             OrbitTestClient app = new OrbitTestClient(n.orbitPort())) {
            n.awaitConnections("u", "0", "/loc", 1);

            app.write(addressed("1", "2", "\"wrong\"", "/c", "u, 0, /loc"));
            assertThat(app.reply()).isEqualTo(REFUSED.formatted("1"));
            app.write(addressed("2", "3", "\"right\"", "/c"));
            assertThat(app.reply()).isEqualTo("Success\r\nid: 2\r\n\r\n");
            app.write(addressed("3", "not-a-number", "\"junk\"", "/c"));
            assertThat(app.reply()).isEqualTo(REFUSED.formatted("3"));
            String plain = app.send("\"plain\"", "/c"); // an Orbit 0.1-0.3 client: no node header
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + plain + "\r\n\r\n");

            List<SseClient.Message> events = browser.awaitMessage(m -> m.isEvent() && m.data().equals("\"plain\""),
                    "the unaddressed event", WAIT).stream().filter(SseClient.Message::isEvent).toList();
            // per session order: "right" then "plain"; "wrong" and "junk" were never queued
            assertThat(events).extracting(SseClient.Message::data).containsExactly("\"right\"", "\"plain\"");
        }
    }

    @Test
    void beforeTheGatewaysRegisteredANodeRefusesEveryAddressedRequest() throws Exception {
        RunningNode n = joinedNode(); // the fake gateway never answers REGISTER: id 0
        try (OrbitTestClient app = new OrbitTestClient(n.orbitPort())) {
            app.write(addressed("9", "0", "\"x\"", "/c"));
            assertThat(app.reply()).isEqualTo(REFUSED.formatted("9"));
            String plain = app.send("\"y\"", "/c");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + plain + "\r\n\r\n");
        }
    }

    @Test
    void aNodeWithoutAGatewayIgnoresTheHeader() throws Exception {
        try (RunningNode n = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)));
             SseClient browser = SseClient.open(n.httpPort(), "/loc?user=u&transport=sse&channel=/c");
             OrbitTestClient app = new OrbitTestClient(n.orbitPort())) {
            n.awaitConnections("u", "0", "/loc", 1);
            app.write(addressed("1", "7", "\"standalone\"", "/c"));
            assertThat(app.reply()).isEqualTo("Success\r\nid: 1\r\n\r\n");
            browser.awaitMessage(m -> m.isEvent() && m.data().equals("\"standalone\""), "the event", WAIT);
        }
    }
}
