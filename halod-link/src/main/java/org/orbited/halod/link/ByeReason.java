package org.orbited.halod.link;

/**
 * The catalog of BYE reasons (the only disconnect reasons of the control link):
 * <ul>
 *   <li>{@link #DRAINED}: the node has finished its drain; the gateway's answer to the node's BYE carries it too.</li>
 *   <li>{@link #SHUTDOWN}: the sender is stopping (a node without drain, or a gateway going down).</li>
 *   <li>{@link #FENCED}: the gateway has declared this node failed and handed its routes on.</li>
 *   <li>{@link #PROTOCOL}: the peer sent a line that breaks the protocol (malformed, oversized, unknown type,
 *       bad field, wrong proto, bad token); every {@link LinkProtocolException} carries it.</li>
 *   <li>{@link #DUPLICATE_NAME}: another live link already registered this node name.</li>
 *   <li>{@link #SUPERSEDED}: a newer link of the same node replaced this one.</li>
 * </ul>
 */
public enum ByeReason {
    DRAINED("drained"),
    SHUTDOWN("shutdown"),
    FENCED("fenced"),
    PROTOCOL("protocol"),
    DUPLICATE_NAME("duplicate-name"),
    SUPERSEDED("superseded");

    private final String wire;

    ByeReason(String wire) {
        this.wire = wire;
    }

    /** The wire token, e.g. {@code "duplicate-name"}. */
    public String wire() {
        return wire;
    }

    /** The reason for a wire token, or {@code null} when there is none. */
    public static ByeReason fromWire(String token) {
        for (ByeReason r : values()) {
            if (r.wire.equals(token)) {
                return r;
            }
        }
        return null;
    }
}
