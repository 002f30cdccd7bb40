package org.orbited.node;

import org.orbited.node.config.NodeConfig;

/**
 * The running daemon: binds the Orbit port and the HTTP port and wires the core to them.
 * (Skeleton; filled in by the core work.)
 */
public final class OrbitedNode implements AutoCloseable {
    private final NodeConfig config;

    public OrbitedNode(NodeConfig config) {
        this.config = config;
    }

    /** Binds both listeners and logs a one-line startup summary. */
    public void start() throws Exception {
    }

    /** Graceful shutdown as orbit-protocol.md 4.2 (12) describes; returns when done. */
    public void shutdown() {
    }

    /** Blocks until the node has stopped. */
    public void awaitTermination() throws InterruptedException {
    }

    public NodeConfig config() {
        return config;
    }

    @Override
    public void close() {
        shutdown();
    }
}
