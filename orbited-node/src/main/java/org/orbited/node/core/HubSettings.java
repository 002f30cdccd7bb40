package org.orbited.node.core;

/**
 * The limits and timings the core works with, taken from the node's configuration.
 *
 * @param sessionTimeoutMillis grace period a session survives without a connection
 * @param retryLimit           failed writes an event may have before it fails (attempts = limit + 1)
 * @param queueLimit           events pending per session before it is ended as a slow consumer
 * @param queueBytes           bytes pending per session before it is ended as a slow consumer
 * @param replayLimit          written events kept per session for resumable transports
 * @param deadlineMillis       time from parsing after which unresolved recipients fail
 */
public record HubSettings(long sessionTimeoutMillis, int retryLimit, int queueLimit, long queueBytes,
                          int replayLimit, long deadlineMillis) {
    public HubSettings {
        if (sessionTimeoutMillis < 0 || retryLimit < 0 || queueLimit < 1 || queueBytes < 1 || replayLimit < 0
                || deadlineMillis < 1) {
            throw new IllegalArgumentException("invalid hub settings: " + this);
        }
    }

    public static HubSettings defaults() {
        return new HubSettings(5000, 1, 1000, 4L << 20, 256, 30_000);
    }
}
