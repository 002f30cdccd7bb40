package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import org.junit.jupiter.api.Test;

/**
 * A resume from an id before an event that failed here starts with a reset (the page missed that event), and the
 * written events after the id that the page has not seen still follow it: they were reported {@code Success}. The
 * jsclient race, step by step: each event makes the page reconnect twice, abandoning the first new attempt, so an
 * event can fail its two writes on connections the page was dropping while the one before it was written on a
 * connection the page dropped before reading it.
 */
class ReplayAfterFailedEventTest {
    /** 5 s legacy grace, 30 s resume grace, 10 s deadline, ring of 256, one retry. */
    private final CoreFixture f = new CoreFixture(new HubSettings(5000, 1, 1000, 4L << 20, 256, 10_000, 30_000));

    private static FakeConnection modern() {
        return new FakeConnection().transport("sse").resumable(true);
    }

    @Test
    void anEventThatFailedTwoWritesIsAResetThenTheWrittenEventsFollow() {
        FakeConnection first = modern();
        Session s = f.attach(ALICE, first);
        f.send("1", ALICE);
        RecordingCallback two = f.send("2", ALICE);
        first.completeAll(true); // 2 written, but the page dropped the stream before reading it: its last id is 1
        two.assertSucceeded();
        RecordingCallback three = f.send("3", ALICE);
        first.drop(); // 3's first write
        FakeConnection abandoned = modern();
        f.attach(ALICE, abandoned, s.epoch() + "-1");
        assertThat(abandoned.sentBodies()).containsExactly("2", "3");
        abandoned.drop(); // 3's second write: it fails
        three.assertFailed(0);
        assertThat(f.hub.find(ALICE)).isSameAs(s);

        FakeConnection live = modern();
        f.attach(ALICE, live, s.epoch() + "-1");
        f.send("4", ALICE);

        assertThat(live.sends().get(0).reset()).as("the page missed 3: it is told").isTrue();
        assertThat(live.sentBodies()).as("2 was reported Success: it is not lost").containsExactly("2", "4");
        live.completeAll(true);
        assertThat(two.calls()).as("a replay resolves nothing twice").isEqualTo(1);
    }

    @Test
    void aPollGetsTheResetTheReplayAndThePendingEventsInOneAnswer() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        f.send("1", ALICE);
        f.send("2", ALICE);
        c.completeAll(true);
        c.drop();
        RecordingCallback lost = f.send("3", ALICE);
        f.clock.advanceMillis(10_000); // its deadline passes while the page is away
        lost.assertFailed(0);
        f.send("4", ALICE);

        FakeConnection poll = modern().transport("long_poll").oneShot(true).batchLimit(100);
        f.attach(ALICE, poll, s.epoch() + "-1");

        assertThat(poll.sends()).singleElement().satisfies(x -> {
            assertThat(x.reset()).isTrue();
            assertThat(x.bodies()).containsExactly("2", "4");
        });
    }

    @Test
    void anIdPastTheFailedEventResumesWithoutAReset() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        c.drop();
        RecordingCallback lost = f.send("1", ALICE);
        f.clock.advanceMillis(10_000);
        lost.assertFailed(0);
        FakeConnection next = modern();
        f.attach(ALICE, next);
        f.send("2", ALICE);
        next.completeAll(true);
        f.send("3", ALICE);
        next.completeAll(true);
        next.drop();

        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-2");

        assertThat(back.sends()).singleElement().satisfies(x -> {
            assertThat(x.reset()).isFalse();
            assertThat(x.bodies()).containsExactly("3");
        });
    }
}
