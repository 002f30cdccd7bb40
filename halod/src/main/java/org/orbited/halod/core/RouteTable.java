package org.orbited.halod.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Routes 1..N and their owners by node id, with the assignment algorithms of docs/halod.md section 4 (the
 * reference's sections 2 and 3, normative down to the route id).
 *
 * <p><b>Design.</b> {@code owner[r − 1]} is the owning id of route r (0 = none, only while no node is active); a
 * per-id ascending set of routes sits beside it so that "x's highest route id" and counts cost O(log N). Ids are
 * plain ints: naming, roles and reserves are {@link ClusterTable}'s business. Every operation is deterministic, so
 * replaying the same sequence gives the same table (invariant I5).
 * <ul>
 *   <li>{@link #join}: exactly the reference's pseudo-code: sort the active ids once by (count descending, id
 *       ascending), then walk that order in passes, taking each donor's highest route, until floor(N/n) routes moved.</li>
 *   <li>{@link #handOver}: a promoted reserve takes every route of the leaving id; nothing else moves.</li>
 *   <li>{@link #removeMinimal}: the leaving id's routes, ascending, each to the id with fewest routes (ties: lowest).</li>
 *   <li>{@link #removeSeed}: the note's rule: the highest id M takes the leaving id f, and the table becomes
 *       {@link #golden golden(N, M − 1)}.</li>
 * </ul>
 *
 * <p>Not thread-safe and mutable: {@link ClusterTable} works on a {@link #copy()} and publishes immutable
 * snapshots ({@link #ownerSnapshot()}).
 */
public final class RouteTable {
    private final int routes;
    private final int[] owner;
    private final TreeMap<Integer, TreeSet<Integer>> byId = new TreeMap<>();

    /** An empty table of {@code routes} routes (1..4096), owned by nobody. */
    public RouteTable(int routes) {
        if (routes < 1 || routes > org.orbited.halod.link.LinkLimits.MAX_ROUTES) {
            throw new IllegalArgumentException("routes must be 1..4096: " + routes);
        }
        this.routes = routes;
        this.owner = new int[routes];
    }

    /**
     * A table restored from an owner array ({@code owner[r − 1]} = id of route r) and the active ids.
     *
     * @throws IllegalArgumentException a route owned by an id that is not active, an unowned route while ids are
     *                                  active, or an active id without routes
     */
    public static RouteTable of(int[] owners, Collection<Integer> activeIds) {
        RouteTable t = new RouteTable(owners.length);
        for (int id : activeIds) {
            if (id < 1 || t.byId.put(id, new TreeSet<>()) != null) {
                throw new IllegalArgumentException("active id " + id + " is not positive or listed twice");
            }
        }
        for (int r = 1; r <= owners.length; r++) {
            int id = owners[r - 1];
            TreeSet<Integer> set = t.byId.get(id);
            if (set == null && (id != 0 || !activeIds.isEmpty())) {
                throw new IllegalArgumentException("route " + r + " is owned by " + id + ", not an active node");
            }
            if (set != null) {
                set.add(r);
            }
            t.owner[r - 1] = id;
        }
        t.byId.forEach((id, set) -> {
            if (set.isEmpty()) {
                throw new IllegalArgumentException("active node " + id + " owns no route");
            }
        });
        return t;
    }

    /** The table after joining ids 1..n to an empty table of N routes: the reference's golden table. */
    public static RouteTable golden(int routes, int n) {
        RouteTable t = new RouteTable(routes);
        for (int id = 1; id <= n; id++) {
            t.join(id);
        }
        return t;
    }

    /** A deep copy. */
    public RouteTable copy() {
        return of(owner.clone(), byId.keySet());
    }

    /** N. */
    public int routes() {
        return routes;
    }

    /** The owner id of route {@code r} (1..N), 0 if none. */
    public int owner(int r) {
        return owner[r - 1];
    }

    /** A fresh copy of the owner array: element {@code r − 1} is route r's owner id. */
    public int[] ownerSnapshot() {
        return owner.clone();
    }

    /** The active ids, ascending (unmodifiable view; copy it to keep it). */
    public SortedSet<Integer> activeIds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byId.keySet()));
    }

    /** The routes of {@code id}, ascending; empty when it owns none or is not active. */
    public SortedSet<Integer> routesOf(int id) {
        TreeSet<Integer> set = byId.get(id);
        return set == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    /** How many routes {@code id} owns. */
    public int count(int id) {
        TreeSet<Integer> set = byId.get(id);
        return set == null ? 0 : set.size();
    }

    /**
     * Joins a new active id m (the reference's {@code join(m)}). Returns the moves in donor order; they all go to m.
     *
     * @throws IllegalArgumentException m is not positive or already active
     * @throws IllegalStateException    N ids are already active (the reserve rule keeps n ≤ N)
     */
    public List<RouteMove> join(int m) {
        if (m < 1 || byId.containsKey(m)) {
            throw new IllegalArgumentException("id " + m + " is not positive or already active");
        }
        if (byId.size() >= routes) {
            throw new IllegalStateException(routes + " nodes already active: a join would get no route");
        }
        List<RouteMove> moved = new ArrayList<>();
        if (byId.isEmpty()) {
            TreeSet<Integer> all = new TreeSet<>();
            for (int r = 1; r <= routes; r++) {
                moved.add(new RouteMove(r, owner[r - 1], m));
                owner[r - 1] = m;
                all.add(r);
            }
            byId.put(m, all);
            return moved;
        }
        int n = byId.size() + 1;
        int quota = routes / n;
        List<Integer> order = new ArrayList<>(byId.keySet());
        order.sort(Comparator.comparingInt((Integer x) -> -count(x)).thenComparingInt(x -> x));
        TreeSet<Integer> gained = new TreeSet<>();
        while (moved.size() < quota) {
            for (int x : order) {
                if (moved.size() == quota) {
                    break;
                }
                TreeSet<Integer> donor = byId.get(x);
                if (donor.isEmpty()) {
                    continue;
                }
                int r = donor.pollLast();
                owner[r - 1] = m;
                gained.add(r);
                moved.add(new RouteMove(r, x, m));
            }
        }
        byId.put(m, gained);
        return moved;
    }

    /** Every route of active id {@code f} goes to the new active id {@code to}; {@code f} leaves. */
    public List<RouteMove> handOver(int f, int to) {
        TreeSet<Integer> set = requireActive(f);
        if (to != f && byId.containsKey(to) || to < 1) {
            throw new IllegalArgumentException("id " + to + " is not positive or already active");
        }
        List<RouteMove> moved = new ArrayList<>();
        for (int r : set) {
            owner[r - 1] = to;
            moved.add(new RouteMove(r, f, to));
        }
        byId.remove(f);
        byId.put(to, set);
        return moved;
    }

    /**
     * The minimal policy: only f's routes move; in ascending route id each goes to the active id with fewest routes,
     * ties to the lowest id. When f was the only active id its routes are left without owner (0) and no move is
     * returned.
     */
    public List<RouteMove> removeMinimal(int f) {
        TreeSet<Integer> set = requireActive(f);
        byId.remove(f);
        List<RouteMove> moved = new ArrayList<>();
        for (int r : set) {
            int to = 0;
            int fewest = Integer.MAX_VALUE;
            for (var e : byId.entrySet()) {
                if (e.getValue().size() < fewest) {
                    fewest = e.getValue().size();
                    to = e.getKey();
                }
            }
            owner[r - 1] = to;
            if (to != 0) {
                byId.get(to).add(r);
                moved.add(new RouteMove(r, f, to));
            }
        }
        return moved;
    }

    /**
     * The seed policy (the note's rule): the highest active id M takes id f and its place, and the table becomes
     * exactly golden(N, M − 1) in id space (the reverse of M's join when f = M). Ids must be contiguous 1..M, as
     * they always are under this policy. A move's {@code from} is the physical owner's id before (M for the node
     * renamed), {@code to} its id after (f for the node that was M); routes whose physical owner stays are not
     * listed, nor routes left without owner when f was the only active id.
     */
    public List<RouteMove> removeSeed(int f) {
        requireActive(f);
        int m = byId.lastKey();
        if (byId.firstKey() != 1 || m != byId.size()) {
            throw new IllegalStateException("seed policy needs contiguous ids 1..M, have " + byId.keySet());
        }
        RouteTable after = golden(routes, m - 1);
        List<RouteMove> moved = new ArrayList<>();
        for (int r = 1; r <= routes; r++) {
            int newId = after.owner[r - 1];
            int physicalAfter = newId == f ? m : newId; // in ids before the change
            if (newId != 0 && physicalAfter != owner[r - 1]) { // 0: the last node left, the route has no owner
                moved.add(new RouteMove(r, owner[r - 1], newId));
            }
        }
        System.arraycopy(after.owner, 0, owner, 0, routes);
        byId.clear();
        after.byId.forEach((id, set) -> byId.put(id, new TreeSet<>(set)));
        return moved;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable t && Arrays.equals(owner, t.owner) && byId.keySet().equals(t.byId.keySet());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return "RouteTable" + Arrays.toString(owner);
    }

    private TreeSet<Integer> requireActive(int f) {
        TreeSet<Integer> set = byId.get(f);
        if (set == null) {
            throw new IllegalArgumentException("id " + f + " is not active");
        }
        return set;
    }
}
