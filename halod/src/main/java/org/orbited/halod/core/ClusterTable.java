package org.orbited.halod.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.orbited.halod.link.Role;

/**
 * The gateway's table: the node registry (active nodes by id, reserves oldest first), the route table, the policy
 * and the version; exactly what {@link TableDocument} persists. It applies the reserve rule on
 * {@link #register} and the reference's {@code remove(f)} on {@link #remove} (reserve promotion first, then the
 * policy).
 *
 * <p><b>Immutable.</b> An operation never changes this object: it returns a {@link TableChange} whose
 * {@link TableChange#table()} is the next table at version + 1. That is the change sequence's "compute v+1, commit,
 * then apply": the gateway stores the new table's {@link #document()} and only then makes it current; when the
 * commit fails it keeps this one and nothing happened. Instances are safe to share between threads (the data plane
 * reads {@link #ownerSnapshot()} or {@link #owner(int)} while the control thread computes the next change), but
 * changes must be computed by one thread at a time from the current table.
 *
 * <p><b>Reserve rule</b> ({@code reserve.count} R): a registering node becomes a reserve when at least one node is
 * active and fewer than R reserves exist, or when N nodes are already active; otherwise it joins.
 */
public final class ClusterTable {
    private final long version;
    private final AssignPolicy policy;
    private final int reserveCount;
    private final int nextId;
    private final RouteTable table;
    private final List<NodeRecord> nodes; // actives ascending by id, then reserves oldest first

    private ClusterTable(long version, AssignPolicy policy, int reserveCount, int nextId, RouteTable table,
                         List<NodeRecord> nodes) {
        this.version = version;
        this.policy = policy;
        this.reserveCount = reserveCount;
        this.nextId = nextId;
        this.table = table;
        List<NodeRecord> sorted = new ArrayList<>(nodes.stream().filter(n -> n.role() == Role.ACTIVE)
                .sorted(java.util.Comparator.comparingInt(NodeRecord::id)).toList());
        nodes.stream().filter(n -> n.role() == Role.RESERVE).forEach(sorted::add);
        this.nodes = List.copyOf(sorted);
    }

    /** A new, empty table at version 0. */
    public static ClusterTable empty(int routes, AssignPolicy policy, int reserveCount) {
        if (reserveCount < 0) {
            throw new IllegalArgumentException("reserve.count must be ≥ 0: " + reserveCount);
        }
        return new ClusterTable(0, policy, reserveCount, 1, new RouteTable(routes), List.of());
    }

    /**
     * The table a document describes.
     *
     * @throws IllegalArgumentException the document is inconsistent (the message says how)
     */
    public static ClusterTable restore(TableDocument doc, int reserveCount) {
        if (doc.format() != TableDocument.FORMAT) {
            throw new IllegalArgumentException("table format " + doc.format() + " is not " + TableDocument.FORMAT);
        }
        if (doc.owner().length != doc.routes()) {
            throw new IllegalArgumentException("owner lists " + doc.owner().length + " routes, routes is "
                    + doc.routes());
        }
        Set<String> names = new HashSet<>();
        List<Integer> activeIds = new ArrayList<>();
        for (NodeRecord n : doc.nodes()) {
            if (!names.add(n.name())) {
                throw new IllegalArgumentException("node name '" + n.name() + "' is listed twice");
            }
            if (n.role() == Role.ACTIVE) {
                activeIds.add(n.id());
                if (n.id() >= doc.nextId()) {
                    throw new IllegalArgumentException("node id " + n.id() + " is not below nextId " + doc.nextId());
                }
            }
        }
        RouteTable table = RouteTable.of(doc.owner(), activeIds);
        return new ClusterTable(doc.version(), doc.policy(), reserveCount, doc.nextId(), table, doc.nodes());
    }

    /**
     * The table to start with: the stored one when it matches the configuration, a new empty one when nothing was
     * stored, and with {@code rebuild} a new empty one whose version continues after the stored one's.
     *
     * @throws TableMismatchException the stored table has another policy or another N and {@code rebuild} is off
     */
    public static ClusterTable open(Optional<TableDocument> stored, int routes, AssignPolicy policy, int reserveCount,
                                    boolean rebuild) throws TableMismatchException {
        if (stored.isEmpty()) {
            return empty(routes, policy, reserveCount);
        }
        TableDocument doc = stored.get();
        if (doc.policy() == policy && doc.routes() == routes) {
            return restore(doc, reserveCount);
        }
        if (!rebuild) {
            throw new TableMismatchException("the stored table has assign.policy " + doc.policy().wire() + " and "
                    + doc.routes() + " routes, the configuration " + policy.wire() + " and " + routes
                    + "; start with the rebuild flag to discard the stored assignment");
        }
        ClusterTable fresh = empty(routes, policy, reserveCount);
        return new ClusterTable(doc.version() + 1, policy, reserveCount, 1, fresh.table, List.of());
    }

    /**
     * Registers a new node: it becomes a reserve or joins (§2) by the reserve rule.
     *
     * @throws IllegalArgumentException the name is already registered (the gateway answers BYE duplicate-name)
     */
    public TableChange register(String name, String browser, String app) {
        if (node(name).isPresent()) {
            throw new IllegalArgumentException("node name '" + name + "' is already registered");
        }
        int active = table.activeIds().size();
        int reserves = nodes.size() - active;
        List<NodeRecord> next = new ArrayList<>(nodes);
        if (active >= 1 && reserves < reserveCount || active == table.routes()) {
            next.add(new NodeRecord(0, name, browser, app, Role.RESERVE));
            return change(nextId, table.copy(), next, List.of(), Set.of(name), null, null);
        }
        RouteTable t = table.copy();
        int id = policy == AssignPolicy.SEED ? (active == 0 ? 1 : t.activeIds().last() + 1) : nextId;
        List<RouteMove> moved = t.join(id);
        next.add(new NodeRecord(id, name, browser, app, Role.ACTIVE));
        return change(Math.max(nextId, id + 1), t, next, moved, Set.of(name), null, null);
    }

    /**
     * The reference's {@code remove(f)} for a failed or drained node: the oldest reserve takes its routes (and its
     * id under the seed policy, a fresh id under minimal); without a reserve the policy spreads them. Removing a
     * reserve moves nothing.
     *
     * @throws IllegalArgumentException no node has this name
     */
    public TableChange remove(String name) {
        NodeRecord f = node(name).orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "'"));
        List<NodeRecord> next = new ArrayList<>(nodes);
        next.remove(f);
        RouteTable t = table.copy();
        if (f.role() == Role.RESERVE) {
            return change(nextId, t, next, List.of(), Set.of(), name, null);
        }
        Optional<NodeRecord> reserve = nodes.stream().filter(n -> n.role() == Role.RESERVE).findFirst();
        if (reserve.isPresent()) {
            int id = policy == AssignPolicy.SEED ? f.id() : nextId;
            List<RouteMove> moved = t.handOver(f.id(), id);
            next.set(next.indexOf(reserve.get()), reserve.get().withId(id, Role.ACTIVE));
            return change(Math.max(nextId, id + 1), t, next, moved, Set.of(reserve.get().name()), name,
                    reserve.get().name());
        }
        if (policy == AssignPolicy.MINIMAL) {
            return change(nextId, t, next, t.removeMinimal(f.id()), Set.of(), name, null);
        }
        int m = t.activeIds().last();
        List<RouteMove> moved = t.removeSeed(f.id());
        Set<String> renamed = new HashSet<>();
        if (m != f.id()) {
            NodeRecord last = node(m).orElseThrow();
            next.set(next.indexOf(last), last.withId(f.id(), Role.ACTIVE));
            renamed.add(last.name());
        }
        return change(m, t, next, moved, renamed, name, null);
    }

    /** Whether a REGISTER naming {@code name} with previous id {@code id} (0 for a reserve) re-claims its place. */
    public boolean canReclaim(String name, int id) {
        return node(name).map(n -> n.id() == id).orElse(false);
    }

    public long version() {
        return version;
    }

    public AssignPolicy policy() {
        return policy;
    }

    public int routes() {
        return table.routes();
    }

    public int nextId() {
        return nextId;
    }

    public int reserveCount() {
        return reserveCount;
    }

    /** Every registered node: actives ascending by id, then reserves oldest first. */
    public List<NodeRecord> nodes() {
        return nodes;
    }

    public Optional<NodeRecord> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The active node with this id. */
    public Optional<NodeRecord> node(int id) {
        return id < 1 ? Optional.empty() : nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The owner id of route r (1..N), 0 if none. */
    public int owner(int r) {
        return table.owner(r);
    }

    /** A fresh copy of the owner array ({@code [r − 1]} = route r's owner id): the data plane's snapshot. */
    public int[] ownerSnapshot() {
        return table.ownerSnapshot();
    }

    /** The routes this node owns, ascending; empty for a reserve or an unknown name. */
    public SortedSet<Integer> routesOf(String name) {
        return table.routesOf(node(name).map(NodeRecord::id).orElse(0));
    }

    /** How many routes the active id owns. */
    public int count(int id) {
        return table.count(id);
    }

    /** The persisted form of this table. */
    public TableDocument document() {
        return new TableDocument(TableDocument.FORMAT, version, table.routes(), policy, nextId, nodes,
                table.ownerSnapshot());
    }

    private TableChange change(int newNextId, RouteTable t, List<NodeRecord> next, List<RouteMove> moved,
                               Set<String> changed, String removed, String promoted) {
        ClusterTable after = new ClusterTable(version + 1, policy, reserveCount, newNextId, t, next);
        Map<Integer, String> before = new HashMap<>();
        nodes.forEach(n -> before.put(n.id(), n.name()));
        Set<String> routesChanged = new HashSet<>(changed);
        List<TableChange.Move> moves = new ArrayList<>();
        for (RouteMove m : moved) {
            String from = m.from() == 0 ? null : before.get(m.from());
            String to = after.node(m.to()).map(NodeRecord::name).orElseThrow();
            moves.add(new TableChange.Move(m.route(), from, m.from(), to, m.to()));
            routesChanged.add(to);
            if (from != null && after.node(from).isPresent()) {
                routesChanged.add(from);
            }
        }
        return new TableChange(after, moves, routesChanged, removed, promoted);
    }
}
