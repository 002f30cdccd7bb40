package org.orbited.halod.core;

/**
 * The link's timing: {@code heartbeat.ms} (default 200), {@code heartbeat.missLimit} (default 5) and
 * {@code fence.ms} (default 600). Construction validates them: the gateway refuses to start when a cut-off but live
 * node could still be serving after its routes were handed on, i.e. unless
 * {@code fenceMs ≤ heartbeatMs × (missLimit − 2)} (docs/halod.md section 3; the reference's rule, stricter than
 * {@code fenceMs < missLimit × heartbeatMs}: two intervals of margin for scheduling and the pause guard).
 */
public record HeartbeatSettings(long heartbeatMs, int missLimit, long fenceMs) {
    public static final HeartbeatSettings DEFAULTS = new HeartbeatSettings(200, 5, 600);

    public HeartbeatSettings {
        if (heartbeatMs < 1 || missLimit < 3 || fenceMs < 1) {
            throw new IllegalArgumentException("heartbeat.ms must be ≥ 1, heartbeat.missLimit ≥ 3 and fence.ms ≥ 1; got "
                    + heartbeatMs + ", " + missLimit + ", " + fenceMs);
        }
        if (fenceMs > heartbeatMs * (missLimit - 2)) {
            throw new IllegalArgumentException("fence.ms " + fenceMs + " is too large: a node must fence before the "
                    + "gateway hands its routes on, so fence.ms must be ≤ heartbeat.ms × (missLimit − 2) = "
                    + heartbeatMs * (missLimit - 2));
        }
    }

    /** Silence after which the gateway declares a node failed: missLimit × heartbeatMs. */
    public long failAfterMs() {
        return heartbeatMs * missLimit;
    }
}
