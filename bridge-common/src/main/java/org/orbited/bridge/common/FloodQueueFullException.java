package org.orbited.bridge.common;

/**
 * A line refused because its target's flood queue is full ({@link FloodQueue#offer}); the browser gets
 * {@link #code()} (the bridge's {@code <prefix>_flood_queue_full}) and may retry later. Unchecked: a full queue is
 * reported, never a line dropped silently.
 */
public final class FloodQueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String target;

    /**
     * @param code    the stable code, e.g. {@code codes.of("flood_queue_full")}
     * @param target  the flood target whose queue is full (a channel, a client)
     * @param message for people: what is full and what to do
     */
    public FloodQueueFullException(String code, String target, String message) {
        super(message);
        this.code = code;
        this.target = target;
    }

    /** The stable error code for the reply or error event. */
    public String code() {
        return code;
    }

    /** The target whose queue is full. */
    public String target() {
        return target;
    }
}
