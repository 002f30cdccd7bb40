package org.orbited.node.http;

/**
 * The node's operational endpoints, served by the router under {@code /_/}. Called on I/O threads;
 * implementations must be fast and must not block.
 */
public interface NodeEndpoints {
    /** The JSON body of {@code /_/status}. */
    byte[] statusJson();

    /** The Prometheus text exposition of {@code /_/metrics}. */
    String metricsText();

    /** True once graceful shutdown has begun: new comet requests are refused with 503. */
    boolean shuttingDown();
}
