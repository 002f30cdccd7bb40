package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The reference's worked example: N = 24, 4 nodes, node 2 fails, no reserve (halod.md §3, §9 item 2). */
class FailoverExampleTest {

    private static ClusterTable fourNodes(AssignPolicy policy) {
        ClusterTable t = ClusterTable.empty(24, policy, 0);
        for (int i = 1; i <= 4; i++) {
            t = t.register("n" + i, "h:" + i, "h:" + (100 + i)).table();
        }
        return t;
    }

    @Test
    void seedPolicyMovesTenRoutesAndNode4BecomesId2() {
        TableChange c = fourNodes(AssignPolicy.SEED).remove("n2");
        ClusterTable t = c.table();
        assertThat(t.node("n4").orElseThrow().id()).isEqualTo(2);
        assertThat(t.routesOf("n1")).containsExactlyElementsOf(range(1, 8));
        assertThat(t.routesOf("n3")).containsExactlyElementsOf(union(range(9, 12), range(21, 24)));
        assertThat(t.routesOf("n4")).containsExactlyElementsOf(range(13, 20));
        assertThat(c.moves()).hasSize(10);
        // 13–18 → node 4 (now id 2); 7, 8 → 1; 23, 24 → 3
        Map<Integer, String> to = c.moves().stream()
                .collect(Collectors.toMap(TableChange.Move::route, TableChange.Move::toName));
        range(13, 18).forEach(r -> assertThat(to.get(r)).isEqualTo("n4"));
        assertThat(to).containsEntry(7, "n1").containsEntry(8, "n1").containsEntry(23, "n3").containsEntry(24, "n3");
        // node 4 must close 7, 8, 23, 24 although it never failed: ROUTE_MOVED to it, one per new owner
        SortedMap<Integer, SortedSet<Integer>> fromN4 = c.movedByFormerOwner().get("n4");
        assertThat(fromN4).containsOnlyKeys(1, 3);
        assertThat(fromN4.get(1)).containsExactly(7, 8);
        assertThat(fromN4.get(3)).containsExactly(23, 24);
        assertThat(c.routesChanged()).containsExactlyInAnyOrder("n1", "n3", "n4");
        assertThat(c.table().ownerSnapshot()).isEqualTo(RouteTable.golden(24, 3).ownerSnapshot());
    }

    @Test
    void minimalPolicyMovesOnlyTheSixRoutesOfNode2() {
        TableChange c = fourNodes(AssignPolicy.MINIMAL).remove("n2");
        ClusterTable t = c.table();
        assertThat(t.routesOf("n1")).containsExactly(1, 2, 3, 4, 5, 6, 13, 16);
        assertThat(t.routesOf("n3")).containsExactly(9, 10, 11, 12, 14, 17, 21, 22);
        assertThat(t.routesOf("n4")).containsExactly(7, 8, 15, 18, 19, 20, 23, 24);
        assertThat(c.moves()).hasSize(6).allMatch(m -> m.fromName().equals("n2") && m.fromId() == 2);
        assertThat(c.movedByFormerOwner().get("n2")).containsEntry(1, new TreeSet<>(java.util.List.of(13, 16)))
                .containsEntry(3, new TreeSet<>(java.util.List.of(14, 17)))
                .containsEntry(4, new TreeSet<>(java.util.List.of(15, 18)));
        assertThat(t.node("n4").orElseThrow().id()).isEqualTo(4);
        assertThat(c.version()).isEqualTo(5);
    }

    private static SortedSet<Integer> range(int a, int b) {
        return IntStream.rangeClosed(a, b).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static SortedSet<Integer> union(SortedSet<Integer> a, SortedSet<Integer> b) {
        SortedSet<Integer> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
