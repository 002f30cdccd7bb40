package org.orbited.halod.link;

/** The named limits and constants of the control link; docs/halod.md section 2 lists them. */
public final class LinkLimits {
    /** The protocol version a node sends in REGISTER {@code proto}; any other value is refused. */
    public static final int PROTO = 1;
    /** Longest line, in bytes, without the terminating {@code \n}: 1 MiB. A longer line ends the link. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** Largest number of routes (N), and so the largest route id and the longest route list in a message. */
    public static final int MAX_ROUTES = 4096;
    /** Longest name, token or address string accepted in a message, in characters. */
    public static final int MAX_TEXT = 1024;
    /** The gateway's default control port. */
    public static final int DEFAULT_CONTROL_PORT = 7700;

    private LinkLimits() {
    }
}
