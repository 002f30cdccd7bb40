package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InflightTableTest {
    private static PendingRequest request(long id) {
        PendingRequest p = new PendingRequest(List.of(Channel.of("/c")), new byte[0], 0, null);
        p.id = id;
        return p;
    }

    /** Random puts of consecutive ids and removals in any order, against a HashMap: same answers throughout. */
    @Test
    void behavesAsAMapUnderOutOfOrderRemovals() {
        InflightTable t = new InflightTable();
        Map<Long, PendingRequest> ref = new HashMap<>();
        List<Long> live = new ArrayList<>();
        Random rnd = new Random(16);
        long next = 1;
        for (int step = 0; step < 200_000; step++) {
            boolean put = live.isEmpty() || (live.size() < 3000 && rnd.nextInt(100) < 52);
            if (put) {
                PendingRequest p = request(next);
                t.put(next, p);
                ref.put(next, p);
                live.add(next++);
            } else {
                long id = rnd.nextInt(10) == 0 ? next + rnd.nextInt(1000) // never sent: absent
                        : live.remove(rnd.nextInt(live.size()));
                assertThat(t.remove(id)).as("remove %d", id).isSameAs(ref.remove(id));
            }
            assertThat(t.size()).isEqualTo(ref.size());
        }
        List<PendingRequest> left = t.drain();
        assertThat(left).extracting(p -> p.id).isSorted().containsExactlyInAnyOrderElementsOf(ref.keySet());
        assertThat(t.size()).isZero();
        assertThat(t.remove(live.isEmpty() ? 1 : live.get(0))).isNull();
    }
}
