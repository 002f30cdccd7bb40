package org.orbited.halod.core;

/**
 * {@code assign.policy}: what happens to a lost node's routes when no reserve takes them (docs/halod.md section 4).
 * The policy is recorded in the persisted table; a gateway refuses to start with another one unless rebuilt.
 */
public enum AssignPolicy {
    /** The default: only the lost node's routes move, each to the node with fewest routes; ids never reused. */
    MINIMAL("minimal"),
    /** The 2007 note's rule: the highest id takes the lost id, the table becomes golden(N, n − 1); ids contiguous. */
    SEED("seed");

    private final String wire;

    AssignPolicy(String wire) {
        this.wire = wire;
    }

    /** The configuration and table-document token. */
    public String wire() {
        return wire;
    }

    /** The policy for a token. @throws IllegalArgumentException naming the token when there is none */
    public static AssignPolicy fromWire(String token) {
        for (AssignPolicy p : values()) {
            if (p.wire.equals(token)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown assign.policy '" + token + "' (minimal or seed)");
    }
}
