package org.orbited.node.core;

/**
 * The limits one session works under. Orbit-protocol sessions take theirs from the {@link HubSettings};
 * Bayeux sessions from the {@code [bayeux]} section ({@code max_interval} as the grace period,
 * {@code max_queue} as the queue limit).
 *
 * @param graceMillis        how long the session survives with no connection attached, after a legacy
 *                           (non-resumable) connection or before any connection
 * @param queueLimit         events waiting for a connection before the session ends as a slow consumer
 * @param queueBytes         bytes not yet written before the session ends as a slow consumer
 * @param replayLimit        written events kept for resumable connections
 * @param resumeGraceMillis  how long the session survives with no connection attached after a
 *                           {@link Connection#resumable() resumable} one went
 */
public record SessionLimits(long graceMillis, int queueLimit, long queueBytes, int replayLimit,
                            long resumeGraceMillis) {
    public SessionLimits {
        if (graceMillis < 0 || queueLimit < 1 || queueBytes < 1 || replayLimit < 0 || resumeGraceMillis < 0) {
            throw new IllegalArgumentException("invalid session limits: " + this);
        }
    }

    /** Limits with one grace period for every kind of connection (Bayeux sessions). */
    public SessionLimits(long graceMillis, int queueLimit, long queueBytes, int replayLimit) {
        this(graceMillis, queueLimit, queueBytes, replayLimit, graceMillis);
    }

    /** The grace period that starts when {@code last}, the session's last connection, goes. */
    long graceAfter(Connection last) {
        return Math.max(last.resumable() ? resumeGraceMillis : graceMillis, last.minimumGraceMillis());
    }
}
