package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final FailureDetector<String> detector = new FailureDetector<>(HeartbeatSettings.DEFAULTS, now::get);

    /** Ticks every 200 ms for {@code ms}. */
    private java.util.List<String> advance(long ms) {
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (long t = 0; t < ms; t += 200) {
            now.addAndGet(200);
            failed.addAll(detector.tick());
        }
        return failed;
    }

    @Test
    void aNodeSilentForMissLimitIntervalsFailsOnceAndOthersStay() {
        detector.seen("a");
        detector.seen("b");
        assertThat(advance(800)).isEmpty();
        detector.seen("b");
        assertThat(advance(200)).containsExactly("a"); // 1000 ms = 5 × 200 of silence
        assertThat(advance(600)).isEmpty();
        assertThat(advance(200)).containsExactly("b");
        assertThat(detector.tracked()).isZero();
    }

    @Test
    void aLateTimerResetsLastSeenInsteadOfFailingEveryone() {
        detector.seen("a");
        now.addAndGet(2_000); // the gateway was paused for 2 s: the tick is 1.8 s late
        assertThat(detector.tick()).isEmpty();
        assertThat(detector.pauses()).isEqualTo(1);
        assertThat(advance(800)).isEmpty();
        assertThat(advance(200)).containsExactly("a");
    }

    @Test
    void aTickJustTwoIntervalsLateIsNotAPause() {
        detector.seen("a");
        now.addAndGet(600); // 400 ms late = exactly 2 intervals: still counted
        assertThat(detector.tick()).isEmpty();
        assertThat(detector.pauses()).isZero();
        assertThat(advance(400)).containsExactly("a");
    }

    @Test
    void aTooLargeFenceTimeRefusesStart() {
        assertThat(new HeartbeatSettings(200, 5, 600).failAfterMs()).isEqualTo(1000);
        assertThatThrownBy(() -> new HeartbeatSettings(200, 5, 601)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fence.ms 601 is too large").hasMessageContaining("= 600");
        assertThatThrownBy(() -> new HeartbeatSettings(200, 2, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatSettings(0, 5, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
