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

    /**
     * A node with test defaults (ports 0, loopback only, {@code io.transport} from {@link IoTransports#testDefault()})
     * changed by {@code tweak}.
     */
    public static RunningNode start(UnaryOperator<NodeConfig.Builder> tweak) {
        return start(0, tweak);
    }

    /**
     * A node on a given HTTP port ({@code 0}: any), e.g. the port of a node just closed, to test clients across
     * a restart. Binding is retried for up to 10 s while the port is still held by the old node's sockets.
     */
    public static RunningNode start(int httpPort, UnaryOperator<NodeConfig.Builder> tweak) {
        NodeConfig.Builder b = NodeConfig.builder().httpPort(httpPort).opPort(0).httpBind("127.0.0.1")
                .opBind("127.0.0.1").shutdownDrain(java.time.Duration.ofSeconds(2))
                .ioTransport(IoTransports.testDefault());
        NodeConfig config = tweak.apply(b).build();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            OrbitedNode node = new OrbitedNode(config);
            try {
                node.start();
                return new RunningNode(node);
            } catch (Exception e) {
                if (!portInUse(e) || httpPort == 0 || System.nanoTime() > deadline) {
                    throw new IllegalStateException("node did not start", e);
                }
                try {
                    Thread.sleep(100); // waiting for the kernel to release the port; nothing to poll
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    /** A bind failure: {@code BindException} with NIO, a native {@code IOException} with epoll and io_uring. */
    private static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A node on {@code io.transport = io} with test defaults changed by {@code tweak}: the classes parameterised over
     * {@link IoTransports#all()}.
     */
    public static RunningNode start(String io, UnaryOperator<NodeConfig.Builder> tweak) {
        return start(b -> tweak.apply(b.ioTransport(io)));
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
