package org.orbited.halod.link;

/** A registered node's role (REGISTERED {@code role}): active nodes own routes, reserves wait for a failure. */
public enum Role {
    ACTIVE("active"),
    RESERVE("reserve");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The wire token. */
    public String wire() {
        return wire;
    }

    /** The role for a wire token, or {@code null} when there is none. */
    public static Role fromWire(String token) {
        for (Role r : values()) {
            if (r.wire.equals(token)) {
                return r;
            }
        }
        return null;
    }
}
