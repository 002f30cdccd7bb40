package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FloodQueueTest {
    private static final BridgeCodes CODES = new BridgeCodes("irc");

    private final FakeScheduler time = new FakeScheduler();
    private final List<String> sent = new ArrayList<>();
    private final FloodQueue<String> queue = new FloodQueue<>(CODES, 2.0, 3, 4, time, () -> time.now,
            (target, line) -> sent.add(target + ":" + line));

    @Test
    void burstGoesAtOnceThenTheRateHolds() {
        for (int i = 1; i <= 5; i++) {
            queue.offer("#c", "m" + i);
        }
        assertThat(sent).containsExactly("#c:m1", "#c:m2", "#c:m3");
        assertThat(queue.pending("#c")).isEqualTo(2);
        time.advance(TimeUnit.MILLISECONDS.toNanos(499));
        assertThat(sent).hasSize(3);
        time.advance(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(sent).containsExactly("#c:m1", "#c:m2", "#c:m3", "#c:m4");
        time.advance(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(sent).endsWith("#c:m5");
        assertThat(queue.pending("#c")).isZero();
    }

    @Test
    void aFullQueueRefusesWithASpecificErrorAndDropsNothing() {
        for (int i = 1; i <= 7; i++) {
            queue.offer("alice", "m" + i);
        }
        assertThatThrownBy(() -> queue.offer("alice", "m8")).isInstanceOfSatisfying(FloodQueueFullException.class,
                e -> {
                    assertThat(e.target()).isEqualTo("alice");
                    assertThat(e.code()).isEqualTo("irc_flood_queue_full");
                    assertThat(e.getMessage()).contains("4 lines waiting");
                });
        time.advance(TimeUnit.SECONDS.toNanos(10));
        assertThat(sent).containsExactly("alice:m1", "alice:m2", "alice:m3", "alice:m4", "alice:m5", "alice:m6",
                "alice:m7");
    }

    @Test
    void targetsAreIndependentAndTokensRefillUpToTheBurst() {
        for (int i = 1; i <= 4; i++) {
            queue.offer("a", "x" + i);
        }
        assertThat(queue.offer("b", "y1")).isTrue();
        assertThat(queue.pending("a")).isEqualTo(1);
        time.advance(TimeUnit.SECONDS.toNanos(60));
        sent.clear();
        for (int i = 1; i <= 4; i++) {
            queue.offer("b", "z" + i);
        }
        assertThat(sent).containsExactly("b:z1", "b:z2", "b:z3");
    }

    @Test
    void discardReportsWhatWasQueued() {
        for (int i = 1; i <= 6; i++) {
            queue.offer("#c", "m" + i);
        }
        assertThat(queue.discard("#c")).isEqualTo(3);
        time.advance(TimeUnit.SECONDS.toNanos(10));
        assertThat(sent).hasSize(3);
        assertThat(queue.discard("#c")).isZero();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new FloodQueue<String>(CODES, 0, 1, 1, time, () -> 0, (t, l) -> { }))
                .hasMessageContaining("rate > 0");
    }

    @Test
    void takeIfRemovesOnlyTheMatchingLinesAndTheRestKeepTheirTurn() {
        for (String l : List.of("r1", "r2", "r3", "p1", "r4", "p2")) {
            queue.offer("#c", l);  // r1 r2 r3 go at once (burst 3), the others wait
        }
        assertThat(queue.takeIf("#c", l -> l.startsWith("r"))).containsExactly("r4");
        assertThat(queue.pending("#c")).isEqualTo(2);
        assertThat(queue.takeIf("#other", l -> true)).isEmpty();
        time.advance(TimeUnit.SECONDS.toNanos(2));
        assertThat(sent).containsExactly("#c:r1", "#c:r2", "#c:r3", "#c:p1", "#c:p2");
    }

    @Test
    void idleTargetsAreForgottenSoTheMapDoesNotGrowWithEveryChannelEverSeen() {
        FloodQueue<String> q = new FloodQueue<>(CODES, 10, 1, 5, time, () -> time.now,
                (t, l) -> sent.add(t + ":" + l));
        for (int i = 0; i < 1_000; i++) {
            q.offer("#chan-" + i, "x");  // each a new target, one line, sent at once
            time.advance(1_000_000);      // 1 ms: earlier targets refill (0.1 s to a full bucket of 1)
        }
        assertThat(sent).hasSize(1_000);
        assertThat(q.targets()).as("only targets that spoke within the last refill time, plus one sweep period")
                .isLessThanOrEqualTo(100 + FloodQueue.SWEEP_EVERY + 1);
        // a busy target keeps its bucket (and its queue) across sweeps
        q.offer("#busy", "1");
        q.offer("#busy", "2");
        for (int i = 0; i < 200; i++) {
            q.offer("#other-" + i, "y");
        }
        assertThat(q.pending("#busy")).isEqualTo(1);
        time.advance(1_000_000_000L);
        assertThat(sent).contains("#busy:1", "#busy:2");
    }
}
