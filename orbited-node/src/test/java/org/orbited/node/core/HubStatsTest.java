package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;
import static org.orbited.node.core.CoreFixture.BOB;
import static org.orbited.node.core.CoreFixture.CAROL;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The counters behind {@code /_/status} and {@code /_/metrics} move as {@link HubStats} documents. */
class HubStatsTest {
    private final CoreFixture f = new CoreFixture(CoreFixture.settings(60_000, 0, 3, 1 << 20, 256, 30_000));

    private HubStats stats() {
        return f.hub.stats();
    }

    @Test
    void writtenCountsOnlyConfirmedWrites() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        f.send("1", ALICE);

        assertThat(stats().eventsQueued()).isEqualTo(1);
        assertThat(stats().eventsWritten()).isZero();
        c.completeAll(true);
        assertThat(stats().eventsWritten()).isEqualTo(1);
        assertThat(stats().eventsFailed()).isZero();
    }

    @Test
    void queuedCountsOneCopyPerSession() {
        f.attach(ALICE, new FakeConnection(), null, Set.of("/a"));
        f.attach(BOB, new FakeConnection(), null, Set.of("/a"));

        f.deliver("hi", List.of(ALICE), List.of("/a"));

        assertThat(stats().eventsQueued()).isEqualTo(2);
    }

    @Test
    void everyKindOfFailureCountsOnce() {
        f.send("no session", CAROL);
        assertThat(stats().eventsFailed()).as("unknown key").isEqualTo(1);

        FakeConnection c = new FakeConnection().rejecting(e -> e.text().equals("bad"));
        f.attach(ALICE, c);
        f.send("bad", ALICE);
        assertThat(stats().eventsFailed()).as("rejected").isEqualTo(2);

        f.send("dies", ALICE);
        c.completeAll(false);
        c.drop();
        assertThat(stats().eventsFailed()).as("retry limit").isEqualTo(3);

        f.send("waits", ALICE);
        f.clock.advanceMillis(30_000);
        assertThat(stats().eventsFailed()).as("withdrawn at the deadline").isEqualTo(4);

        f.send("expires", ALICE);
        f.clock.advanceMillis(60_000);
        assertThat(stats().eventsFailed()).as("grace expiry").isEqualTo(5);
        assertThat(stats().eventsWritten()).isZero();
    }

    @Test
    void slowConsumerCountsTheSessionAndEveryFailedEvent() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        c.drop(); // in grace: the events wait, and the fourth is one too many (queue limit 3)
        for (int i = 0; i < 4; i++) {
            f.send(Integer.toString(i), ALICE);
        }

        assertThat(stats().slowConsumers()).isEqualTo(1);
        assertThat(stats().eventsFailed()).isEqualTo(4);
        assertThat(stats().eventsQueued()).isEqualTo(4);
    }

    @Test
    void everyQueuedCopyEndsWrittenFailedOrStillQueued() {
        FakeConnection sse = new FakeConnection().resumable(true);
        Session s = f.attach(ALICE, sse);
        FakeConnection bob = new FakeConnection();
        f.attach(BOB, bob);
        f.send("1", ALICE, BOB);
        f.send("2", ALICE);
        bob.completeAll(true);
        // Alice's socket dies unconfirmed; her browser says it saw event 1.
        FakeConnection back = new FakeConnection().resumable(true);
        f.attach(ALICE, back, s.epoch() + "-1");
        back.completeAll(true);
        f.send("3", BOB);
        bob.drop();
        f.clock.advanceMillis(30_000);
        f.send("4", ALICE);

        // No unknown keys here, so every failure is a queued copy's.
        assertThat(stats().eventsQueued())
                .isEqualTo(stats().eventsWritten() + stats().eventsFailed() + f.hub.queuedEvents());
        assertThat(stats().eventsWritten()).as("1 to bob, 1 acknowledged by alice, 2 to alice").isEqualTo(3);
        assertThat(stats().eventsFailed()).as("3 to bob withdrawn").isEqualTo(1);
        assertThat(f.hub.queuedEvents()).as("4 to alice").isEqualTo(1);
    }

    @Test
    void connectionsAreCountedPerTransportSortedByName() {
        stats().connectionOpened("sse");
        stats().connectionOpened("iframe");
        stats().connectionOpened("sse");
        stats().connectionClosed("sse");

        assertThat(stats().connectionsByTransport()).containsExactly(Map.entry("iframe", 1L), Map.entry("sse", 1L));
    }
}
