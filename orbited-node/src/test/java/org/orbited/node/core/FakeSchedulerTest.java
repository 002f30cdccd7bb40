package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The manual clock the core tests rely on: if it lied, every timing test would be meaningless. */
class FakeSchedulerTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInTimeOrderAndNothingEarly() {
        clock.schedule(() -> ran.add("b"), 2, TimeUnit.SECONDS);
        clock.schedule(() -> ran.add("a"), 1000, TimeUnit.MILLISECONDS);
        clock.schedule(() -> ran.add("a2"), 1, TimeUnit.SECONDS);

        clock.advance(Duration.ofMillis(999));
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(1001));

        assertThat(ran).containsExactly("a", "a2", "b");
        assertThat(clock.nowMillis()).isEqualTo(2000);
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        clock.schedule(() -> {
            ran.add("first at " + clock.nowMillis());
            clock.schedule(() -> ran.add("second at " + clock.nowMillis()), 500, TimeUnit.MILLISECONDS);
        }, 1, TimeUnit.SECONDS);

        clock.advance(Duration.ofSeconds(2));

        assertThat(ran).containsExactly("first at 1000", "second at 1500");
    }

    @Test
    void cancelledTasksNeverRun() {
        Scheduler.Cancellable c = clock.schedule(() -> ran.add("x"), 1, TimeUnit.SECONDS);
        c.cancel();
        c.cancel();

        clock.advance(Duration.ofSeconds(5));

        assertThat(ran).isEmpty();
        assertThat(clock.pendingTasks()).isZero();
    }
}
