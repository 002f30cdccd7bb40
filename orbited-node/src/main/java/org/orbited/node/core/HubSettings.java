package org.orbited.node.core;

/**
 * The limits and timings the core works with, taken from the node's configuration.
 *
 * @param sessionTimeoutMillis grace period a session survives after its last connection went, when that
 *                             connection was a legacy transport (no event ids, nothing to resume)
 * @param retryLimit           failed writes an event may have before it fails (attempts = limit + 1)
 * @param queueLimit           events pending per session before it is ended as a slow consumer
 * @param queueBytes           bytes pending per session before it is ended as a slow consumer
 * @param replayLimit          written events kept per session for resumable transports
 * @param deadlineMillis       time from parsing after which unresolved recipients fail
 * @param resumeTimeoutMillis  grace period after the last connection went when it was a resumable transport
 *                             ({@code sse}, {@code websocket}, {@code long_poll}): the browser can come back with
 *                             its last event id and miss nothing
 */
public record HubSettings(long sessionTimeoutMillis, int retryLimit, int queueLimit, long queueBytes,
                          int replayLimit, long deadlineMillis, long resumeTimeoutMillis) {
    /** {@code session.resume_timeout}'s default: see docs/configuration.md for why 30 s. */
    public static final long DEFAULT_RESUME_TIMEOUT_MILLIS = 30_000;

    public HubSettings {
        if (sessionTimeoutMillis < 0 || retryLimit < 0 || queueLimit < 1 || queueBytes < 1 || replayLimit < 0
                || deadlineMillis < 1 || resumeTimeoutMillis < 0) {
            throw new IllegalArgumentException("invalid hub settings: " + this);
        }
    }

    /** Settings with the default resume timeout. */
    public HubSettings(long sessionTimeoutMillis, int retryLimit, int queueLimit, long queueBytes, int replayLimit,
                       long deadlineMillis) {
        this(sessionTimeoutMillis, retryLimit, queueLimit, queueBytes, replayLimit, deadlineMillis,
                DEFAULT_RESUME_TIMEOUT_MILLIS);
    }

    public static HubSettings defaults() {
        return new HubSettings(5000, 1, 1000, 4L << 20, 256, 30_000, DEFAULT_RESUME_TIMEOUT_MILLIS);
    }
}
