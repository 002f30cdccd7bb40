package org.orbited.node.testing;

import java.util.function.UnaryOperator;
import org.orbited.node.OrbitedNode;
import org.orbited.node.config.NodeConfig;

/**
 * A real node on free loopback ports for one test (or one class): {@code try (RunningNode n =
 * RunningNode.start(b -> b.sessionTimeout(...)))}. Closing it performs the graceful shutdown.
 */
public final class RunningNode implements AutoCloseable {
    private final OrbitedNode node;

    private RunningNode(OrbitedNode node) {
        this.node = node;
    }

    /** A node with test defaults (ports 0, loopback only) changed by {@code tweak}. */
    public static RunningNode start(UnaryOperator<NodeConfig.Builder> tweak) {
        NodeConfig.Builder b = NodeConfig.builder().httpPort(0).opPort(0).httpBind("127.0.0.1").opBind("127.0.0.1")
                .shutdownDrain(java.time.Duration.ofSeconds(2));
        OrbitedNode node = new OrbitedNode(tweak.apply(b).build());
        try {
            node.start();
        } catch (Exception e) {
            throw new IllegalStateException("node did not start", e);
        }
        return new RunningNode(node);
    }

    public static RunningNode start() {
        return start(b -> b);
    }

    public int httpPort() {
        return node.httpPort();
    }

    public int orbitPort() {
        return node.orbitPort();
    }

    public OrbitedNode node() {
        return node;
    }

    /** A new Orbit-protocol client connected to this node. */
    public OrbitTestClient orbit() {
        return new OrbitTestClient(orbitPort());
    }

    /** Opens a raw HTTP connection and sends a GET for {@code uri}. */
    public RawHttp get(String uri) {
        return RawHttp.get(httpPort(), uri);
    }

    /** Waits (bounded) until the session of {@code user, session, location} has {@code n} connections. */
    public void awaitConnections(String user, String session, String location, int n) {
        org.orbited.node.core.SessionKey key = new org.orbited.node.core.SessionKey(user, session, location);
        org.awaitility.Awaitility.await("connections of " + key).atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(5)).until(() -> {
                    org.orbited.node.core.Session s = node.hub().find(key);
                    return s != null && s.connections() == n;
                });
    }

    @Override
    public void close() {
        node.shutdown();
    }
}
