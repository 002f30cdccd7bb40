package org.orbited.bench;

/**
 * A set of subscribers held by this process ({@link LocalPool}) or by a child process ({@link ChildPool}). Calls
 * come from the scenario's thread. Every wait is bounded.
 */
public interface SubscriberPool extends AutoCloseable {
    /** Starts opening the connections at the spec's ramp rate; returns at once. */
    void start();

    /** Waits (at most the spec's establish timeout) until every connection is established or failed. */
    void awaitEstablished();

    /** Starts the measurement window: CPU time is counted from here. */
    void mark();

    /** What the pool has counted so far (CPU: since {@link #mark}, 0 for a pool inside this process). */
    PoolReport report();

    @Override
    void close();
}
