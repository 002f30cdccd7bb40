package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@link VisitorWork}: one session's tasks run one at a time and in order; a session blocked in Smack does not hold
 * up the others; a queue refuses beyond its bound (but takes the one forced disconnect); after stop, queued tasks
 * still run and new ones are refused; the threads end.
 */
class XmppVisitorWorkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aSessionsTasksRunInOrderOneAtATime() {
        VisitorWork work = new VisitorWork("test-order", 4, 1000);
        try {
            VisitorWork.Serial serial = work.serial();
            List<Integer> ran = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlap = new AtomicInteger();
            for (int i = 0; i < 500; i++) {
                int n = i;
                assertThat(serial.offer(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlap.incrementAndGet();
                    }
                    ran.add(n);
                    running.decrementAndGet();
                })).isTrue();
            }
            Awaitility.await().atMost(WAIT).until(() -> ran.size() == 500);
            assertThat(ran).isSorted();
            assertThat(overlap).hasValue(0);
        } finally {
            work.stop();
        }
    }

    @Test
    void aBlockedSessionDoesNotHoldUpAnother() throws Exception {
        VisitorWork work = new VisitorWork("test-parallel", 2, 10);
        CountDownLatch release = new CountDownLatch(1);
        try {
            VisitorWork.Serial stuck = work.serial();
            VisitorWork.Serial other = work.serial();
            stuck.offer(() -> {
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);  // a Smack call waiting for its reply
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CountDownLatch done = new CountDownLatch(1);
            other.offer(done::countDown);
            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            release.countDown();
            work.stop();
        }
    }

    @Test
    void aFullQueueRefusesButTakesTheForcedDisconnect() throws Exception {
        VisitorWork work = new VisitorWork("test-bound", 1, 3);
        CountDownLatch release = new CountDownLatch(1);
        try {
            VisitorWork.Serial serial = work.serial();
            CountDownLatch started = new CountDownLatch(1);
            serial.offer(() -> {
                started.countDown();
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                assertThat(serial.offer(ran::incrementAndGet)).isTrue();
            }
            assertThat(serial.offer(ran::incrementAndGet)).isFalse();
            assertThat(serial.force(ran::incrementAndGet)).isTrue();
            release.countDown();
            Awaitility.await().atMost(WAIT).until(() -> ran.get() == 4);
        } finally {
            release.countDown();
            work.stop();
        }
    }

    @Test
    void afterStopQueuedTasksRunNewOnesAreRefusedAndTheThreadsEnd() throws Exception {
        VisitorWork work = new VisitorWork("test-stop", 2, 10);
        VisitorWork.Serial serial = work.serial();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        serial.offer(() -> {
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        serial.force(ran::incrementAndGet);  // e.g. the disconnect queued by stop()
        work.schedule(() -> { }, 10);
        work.stop();
        assertThat(work.serial().offer(ran::incrementAndGet)).isFalse();
        release.countDown();
        Awaitility.await().atMost(WAIT).until(() -> ran.get() == 1);
        Awaitility.await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("test-stop-")));
    }
}
