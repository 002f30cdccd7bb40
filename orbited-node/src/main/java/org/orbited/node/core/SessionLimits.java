package org.orbited.node.core;

/**
 * The limits one session works under. Orbit-protocol sessions take theirs from the {@link HubSettings};
 * Bayeux sessions from the {@code [bayeux]} section ({@code max_interval} as the grace period,
 * {@code max_queue} as the queue limit).
 *
 * @param graceMillis  how long the session survives with no connection attached
 * @param queueLimit   events waiting for a connection before the session ends as a slow consumer
 * @param queueBytes   bytes not yet written before the session ends as a slow consumer
 * @param replayLimit  written events kept for resumable connections
 */
public record SessionLimits(long graceMillis, int queueLimit, long queueBytes, int replayLimit) {
    public SessionLimits {
        if (graceMillis < 0 || queueLimit < 1 || queueBytes < 1 || replayLimit < 0) {
            throw new IllegalArgumentException("invalid session limits: " + this);
        }
    }
}
