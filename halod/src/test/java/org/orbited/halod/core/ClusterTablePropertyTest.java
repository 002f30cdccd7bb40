package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.halod.link.Role;

/**
 * Invariants I1–I5 of docs/halod.md section 4 over seeded random sequences of joins, failures/drains (both are
 * {@code remove}), reserve registrations and promotions (halod.md §9 item 1). Bounded: 120 steps per case.
 */
class ClusterTablePropertyTest {
    private static final int STEPS = 120;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int n : new int[] {1, 7, 24, 256, 257, 4096}) {
            for (AssignPolicy p : AssignPolicy.values()) {
                for (int reserves : new int[] {0, 2}) {
                    out.add(Arguments.of(n, p, reserves, 1000L * n + p.ordinal() * 10 + reserves));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "N={0} {1} reserve.count={2} seed={3}")
    @MethodSource("cases")
    void invariantsHoldOverRandomSequences(int routes, AssignPolicy policy, int reserveCount, long seed) {
        Random random = new Random(seed);
        ClusterTable t = ClusterTable.empty(routes, policy, reserveCount);
        List<String> events = new ArrayList<>();
        int nameCounter = 0;
        int highestIdGiven = 0;
        for (int step = 0; step < STEPS; step++) {
            boolean join = t.nodes().isEmpty() || random.nextInt(100) < 60;
            if (join) {
                String name = "node-" + (++nameCounter);
                int active = activeCount(t);
                int reserves = t.nodes().size() - active;
                boolean expectReserve = active >= 1 && reserves < reserveCount || active == routes;
                TableChange c = t.register(name, "b", "a");
                NodeRecord joined = c.table().node(name).orElseThrow();
                assertThat(joined.role()).isEqualTo(expectReserve ? Role.RESERVE : Role.ACTIVE);
                if (joined.role() == Role.ACTIVE) {
                    int n = active + 1;
                    // I2: exactly floor(N/n) moves (all N on the first join), all to the new node, none between others
                    assertThat(c.moves()).hasSize(active == 0 ? routes : routes / n)
                            .allMatch(m -> m.toName().equals(name) && !m.toName().equals(m.fromName()));
                    if (policy == AssignPolicy.MINIMAL) {
                        assertThat(joined.id()).isGreaterThan(highestIdGiven); // ids never reused
                    }
                    highestIdGiven = Math.max(highestIdGiven, joined.id());
                } else {
                    assertThat(c.moves()).isEmpty();
                }
                events.add("+" + name);
                t = c.table();
            } else {
                NodeRecord f = t.nodes().get(random.nextInt(t.nodes().size()));
                boolean hadReserve = t.nodes().stream().anyMatch(x -> x.role() == Role.RESERVE);
                int fCount = t.routesOf(f.name()).size();
                TableChange c = t.remove(f.name());
                if (f.role() == Role.RESERVE) {
                    assertThat(c.moves()).isEmpty();
                } else if (hadReserve) {
                    // promotion: the oldest reserve takes exactly f's routes
                    assertThat(c.promoted()).isNotNull();
                    assertThat(c.moves()).hasSize(fCount).allMatch(m -> m.fromName().equals(f.name())
                            && m.toName().equals(c.promoted()));
                    if (policy == AssignPolicy.MINIMAL) {
                        int id = c.table().node(c.promoted()).orElseThrow().id();
                        assertThat(id).isGreaterThan(highestIdGiven);
                        highestIdGiven = id;
                    }
                } else if (policy == AssignPolicy.MINIMAL && activeCount(t) > 1) {
                    // a minimal-policy failure moves exactly the failed node's routes
                    assertThat(c.moves()).hasSize(fCount).allMatch(m -> m.fromName().equals(f.name()));
                }
                events.add("-" + f.name());
                t = c.table();
            }
            checkInvariants(t, routes, policy);
            assertThat(t.version()).isEqualTo(step + 1);
        }
        // I5: replaying the same events gives the same table
        assertThat(replay(events, routes, policy, reserveCount).document()).isEqualTo(t.document());
    }

    private static void checkInvariants(ClusterTable t, int routes, AssignPolicy policy) {
        Set<Integer> active = new HashSet<>();
        t.nodes().stream().filter(n -> n.role() == Role.ACTIVE).forEach(n -> active.add(n.id()));
        int[] owner = t.ownerSnapshot();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int r = 1; r <= routes; r++) {
            // I1: one owner per route, and it is active (no owner only when no node is active)
            assertThat(active.isEmpty() ? owner[r - 1] == 0 : active.contains(owner[r - 1]))
                    .as("route %d owner %d", r, owner[r - 1]).isTrue();
        }
        for (int id : active) {
            min = Math.min(min, t.count(id));
            max = Math.max(max, t.count(id));
        }
        if (!active.isEmpty()) {
            assertThat(min).as("I4: every active node owns a route").isGreaterThanOrEqualTo(1);
            assertThat(max - min).as("I3: counts within one").isLessThanOrEqualTo(1);
        }
        assertThat(active.size()).isLessThanOrEqualTo(routes);
        if (policy == AssignPolicy.SEED) {
            assertThat(owner).as("seed: table == golden(N, n)")
                    .isEqualTo(RouteTable.golden(routes, active.size()).ownerSnapshot());
        }
    }

    private static ClusterTable replay(List<String> events, int routes, AssignPolicy policy, int reserveCount) {
        ClusterTable t = ClusterTable.empty(routes, policy, reserveCount);
        for (String e : events) {
            t = (e.startsWith("+") ? t.register(e.substring(1), "b", "a") : t.remove(e.substring(1))).table();
        }
        return t;
    }

    private static int activeCount(ClusterTable t) {
        return (int) t.nodes().stream().filter(n -> n.role() == Role.ACTIVE).count();
    }
}
