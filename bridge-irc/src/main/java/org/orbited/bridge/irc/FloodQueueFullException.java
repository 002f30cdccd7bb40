package org.orbited.bridge.irc;

/** A line refused because its target's flood queue is full; the browser gets {@link #CODE} and may retry later. */
public final class FloodQueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The stable error code. */
    public static final String CODE = "irc_flood_queue_full";

    private final String target;

    FloodQueueFullException(String target, int capacity) {
        super("flood queue for " + target + " is full (" + capacity + " lines waiting); slow down and retry");
        this.target = target;
    }

    public String target() {
        return target;
    }
}
