package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resuming after abrupt cuts (issue 10): the resume grace of sessions whose last connection was
 * resumable, the announcement of epoch and grace, {@code E-0}, a resuming poll that never read the
 * previous poll's answer, and events that failed while the browser was away.
 */
class ResumeGraceTest {
    /** 5 s legacy grace, 30 s resume grace, 10 s deadline, ring of 256. */
    private final CoreFixture f = new CoreFixture(new HubSettings(5000, 1, 1000, 4L << 20, 256, 10_000, 30_000));

    private static FakeConnection modern() {
        return new FakeConnection().transport("sse").resumable(true);
    }

    /** A {@code long_poll}-like connection: resumable, one answer of up to 100 events. */
    private static FakeConnection longPoll() {
        return new FakeConnection().transport("long_poll").resumable(true).oneShot(true).batchLimit(100);
    }

    @Test
    void aSessionWaitsTheResumeGraceAfterAResumableConnection() {
        FakeConnection c = modern();
        f.attach(ALICE, c);
        c.drop();

        f.clock.advanceMillis(29_999);
        assertThat(f.hub.find(ALICE)).as("still resumable after 29.999 s").isNotNull();
        f.clock.advanceMillis(1);
        assertThat(f.hub.find(ALICE)).as("ended after 30 s").isNull();
    }

    @Test
    void aSessionWaitsTheLegacyGraceAfterALegacyConnection() {
        FakeConnection c = new FakeConnection().transport("xhr_stream");
        f.attach(ALICE, c);
        c.drop();

        f.clock.advanceMillis(4_999);
        assertThat(f.hub.find(ALICE)).isNotNull();
        f.clock.advanceMillis(1);
        assertThat(f.hub.find(ALICE)).as("session.timeout applies to legacy transports").isNull();
    }

    @Test
    void theGraceFollowsTheLastConnectionNotTheFirst() {
        FakeConnection modern = modern();
        f.attach(ALICE, modern);
        FakeConnection legacy = new FakeConnection().transport("xhr_stream");
        f.attach(ALICE, legacy); // replaces the resumable connection
        legacy.drop();

        f.clock.advanceMillis(5_000);
        assertThat(f.hub.find(ALICE)).isNull();
    }

    @Test
    void aResumableConnectionIsToldTheEpochAndGraceBeforeAnythingElse() {
        FakeConnection first = modern();
        Session s = f.attach(ALICE, first);
        FakeConnection legacy = new FakeConnection().transport("xhr_stream");
        f.attach(ALICE, legacy);
        FakeConnection back = modern();
        f.attach(ALICE, back, "otherepoch-3"); // a reset follows the announcement

        assertThat(first.announced()).containsExactly(s.epoch() + " 30000 after 0 sends");
        assertThat(legacy.announced()).as("legacy transports have no hello").isEmpty();
        assertThat(back.announced()).containsExactly(s.epoch() + " 30000 after 0 sends");
        assertThat(back.sends().get(0).reset()).isTrue();
    }

    @Test
    void epochDashZeroReplaysEverythingSinceTheSessionBegan() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        List<RecordingCallback> cbs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            cbs.add(f.send(Integer.toString(i), ALICE));
        }
        c.completeAll(true); // Success: written on a connection cut before the page saw any id
        c.drop();

        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-0");

        assertThat(back.sends()).hasSize(1);
        assertThat(back.sends().get(0).reset()).isFalse();
        assertThat(back.sentBodies()).containsExactly("1", "2", "3");
        back.completeAll(true);
        cbs.forEach(RecordingCallback::assertSucceeded);
    }

    @Test
    void epochDashZeroIsAResetOnceTheFirstEventLeftTheRing() {
        CoreFixture small = new CoreFixture(new HubSettings(5000, 1, 1000, 4L << 20, 2, 10_000, 30_000));
        FakeConnection c = modern();
        Session s = small.attach(ALICE, c);
        for (int i = 1; i <= 3; i++) {
            small.send(Integer.toString(i), ALICE);
        }
        c.completeAll(true);
        c.drop();

        FakeConnection back = modern();
        small.attach(ALICE, back, s.epoch() + "-0");

        assertThat(back.sends()).hasSize(1);
        assertThat(back.sends().get(0).reset()).isTrue();
        assertThat(back.sentIds()).isEmpty();
    }

    @Test
    void aResumingPollGetsTheEventsOfAnAnswerItNeverRead() {
        FakeConnection first = longPoll();
        Session s = f.attach(ALICE, first);
        List<RecordingCallback> cbs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            cbs.add(f.send(Integer.toString(i), ALICE));
        }
        assertThat(first.sentBodies()).containsExactly("1"); // answered at once: one event, write under way

        // The answer's connection is reset before the browser read it; the browser polls again with the
        // id it has (none yet: E-0) while that write is still under way.
        FakeConnection again = longPoll();
        f.attach(ALICE, again, s.epoch() + "-0");

        assertThat(again.sentBodies()).containsExactly("1", "2", "3");
        first.completeAll(true); // the lost answer's write completes late: it decides nothing now
        cbs.get(0).assertPending();
        again.completeAll(true);
        cbs.forEach(RecordingCallback::assertSucceeded);
    }

    @Test
    void aPollWhoseIdCoversThePreviousAnswerAcknowledgesIt() {
        FakeConnection first = longPoll();
        Session s = f.attach(ALICE, first);
        RecordingCallback cb = f.send("1", ALICE);

        FakeConnection next = longPoll();
        f.attach(ALICE, next, s.epoch() + "-1"); // read the answer before its write was confirmed

        cb.assertSucceeded();
        assertThat(next.sentIds()).isEmpty();
        first.completeAll(true);
        cb.assertSucceeded();
    }

    @Test
    void anEventThatFailedWhileTheBrowserWasAwayMakesTheResumeAReset() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        f.send("1", ALICE);
        c.completeAll(true);
        c.drop();
        RecordingCallback lost = f.send("2", ALICE); // queued in the grace period
        f.clock.advanceMillis(10_000);                // its deadline passes; the session lives on
        lost.assertFailed(0);
        assertThat(f.hub.find(ALICE)).isSameAs(s);
        f.send("3", ALICE);

        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-1");

        assertThat(back.sends().get(0).reset()).as("the page missed event 2: it must be told").isTrue();
        assertThat(back.sentBodies()).containsExactly("3");
    }
}
