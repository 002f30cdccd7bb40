package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Gateway restart from the persisted table: the algorithm part of halod.md §9 item 6. */
class RecoveryGraceTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void returningNodesKeepTheirRoutesAndMissingOnesAreRemovedWhenTheGraceEnds() {
        ClusterTable t = ClusterTable.empty(24, AssignPolicy.MINIMAL, 0);
        for (String n : new String[] {"a", "b", "c"}) {
            t = t.register(n, "h", "h").table();
        }
        ClusterTable restored = ClusterTable.restore(t.document(), 0);
        RecoveryGrace grace = new RecoveryGrace(restored, 3000, now::get);

        assertThat(grace.reclaim(restored, "a", 2)).as("wrong id").isFalse();
        assertThat(grace.reclaim(restored, "a", 1)).isTrue();
        assertThat(grace.reclaim(restored, "a", 1)).as("only once").isFalse();
        assertThat(grace.reclaim(restored, "zz", 4)).as("unknown name").isFalse();
        assertThat(grace.reclaim(restored, "c", 3)).isTrue();
        assertThat(restored.version()).isEqualTo(t.version()); // nothing moved, version unchanged

        now.set(2999);
        assertThat(grace.open()).isTrue();
        assertThat(grace.expired()).isEmpty();
        now.set(3000);
        assertThat(grace.open()).isFalse();
        assertThat(grace.expired()).containsExactly("b");
        assertThat(grace.expired()).isEmpty();
        assertThat(grace.reclaim(restored, "b", 2)).as("after the grace").isFalse();

        TableChange c = restored.remove("b");
        assertThat(c.moves()).hasSize(8).allMatch(m -> m.fromName().equals("b"));
        assertThat(c.table().routesOf("a")).containsAll(restored.routesOf("a"));
    }
}
