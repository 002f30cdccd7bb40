package org.orbited.halod.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The persisted table (docs/halod.md section 5): {@code {"format":1,"version":42,"routes":24,"policy":"minimal",
 * "nextId":5,"nodes":[{"id":1,"name":"orb-a","browser":"…","app":"…","role":"active"}],"owner":[1,1,…]}}.
 * {@code owner[r − 1]} is route r's owner id. Immutable: the owner array is copied in and out.
 */
public record TableDocument(int format, long version, int routes, AssignPolicy policy, int nextId,
                            List<NodeRecord> nodes, int[] owner) {
    /** The only format this build reads and writes. */
    public static final int FORMAT = 1;

    public TableDocument {
        Objects.requireNonNull(policy, "policy");
        nodes = List.copyOf(nodes);
        owner = owner.clone();
    }

    @Override
    public int[] owner() {
        return owner.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableDocument d && format == d.format && version == d.version && routes == d.routes
                && policy == d.policy && nextId == d.nextId && nodes.equals(d.nodes) && Arrays.equals(owner, d.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, routes, policy, nextId, nodes) * 31 + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return "TableDocument[version=" + version + ", routes=" + routes + ", policy=" + policy.wire() + ", nextId="
                + nextId + ", nodes=" + nodes + ", owner=" + Arrays.toString(owner) + "]";
    }
}
