package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event ids, the replay ring and resume: orbit-protocol.md §4.2 points 5-7. */
class ReplayTest {
    private final CoreFixture f = new CoreFixture();

    private static FakeConnection modern() {
        return new FakeConnection().transport("sse").resumable(true);
    }

    /** Attaches a resumable connection and writes {@code n} events on it, all confirmed. */
    private Session written(int n, List<RecordingCallback> cbs) {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        for (int i = 1; i <= n; i++) {
            cbs.add(f.send(Integer.toString(i), ALICE));
        }
        c.completeAll(true);
        return s;
    }

    @Test
    void eventIdsAreEpochDashCounterFromOne() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        f.send("a", ALICE);
        f.send("b", ALICE);

        assertThat(s.epoch()).matches("[0-9a-z]{6,}");
        assertThat(c.sentIds()).containsExactly(s.epoch() + "-1", s.epoch() + "-2");
    }

    @Test
    void resumeReplaysOnlyEventsAfterTheLastIdInOrderWithoutSecondReplies() {
        List<RecordingCallback> cbs = new ArrayList<>();
        Session s = written(4, cbs);

        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-2");
        back.completeAll(true);
        f.send("5", ALICE);

        assertThat(back.sends().get(0).reset()).isFalse();
        assertThat(back.sentBodies()).containsExactly("3", "4", "5");
        assertThat(back.sentIds().subList(0, 2)).containsExactly(s.epoch() + "-3", s.epoch() + "-4");
        for (RecordingCallback cb : cbs) {
            assertThat(cb.calls()).isEqualTo(1);
        }
        assertThat(f.hub.stats().eventsWritten()).isEqualTo(4);
    }

    @Test
    void resumeReplaysTheRingThenThePendingEvents() {
        List<RecordingCallback> cbs = new ArrayList<>();
        Session s = written(2, cbs);
        FakeConnection c = modern();
        f.attach(ALICE, c); // a fresh page: no id, no replay, no reset
        assertThat(c.sends()).isEmpty();
        c.drop();
        f.send("3", ALICE);

        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-1");

        assertThat(back.sentBodies()).containsExactly("2", "3");
    }

    @Test
    void resumeFromTheNewestIdSendsNothing() {
        Session s = written(3, new ArrayList<>());
        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-3");

        assertThat(back.sends()).isEmpty();
    }

    @Test
    void resumeAcknowledgesEventsWhoseWritesWereNeverConfirmed() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        RecordingCallback one = f.send("1", ALICE);
        RecordingCallback two = f.send("2", ALICE);
        f.send("3", ALICE);

        FakeConnection back = modern(); // the browser saw 1 and 2 before the old socket died
        f.attach(ALICE, back, s.epoch() + "-2");

        one.assertSucceeded();
        two.assertSucceeded();
        assertThat(back.sentBodies()).containsExactly("3");
    }

    @Test
    void unknownEpochGetsAResetThenThePendingEvents() {
        FakeConnection c = modern();
        f.attach(ALICE, c);
        c.drop();
        f.send("1", ALICE);

        FakeConnection back = modern();
        f.attach(ALICE, back, "zzzzzzzz-1");

        assertThat(back.sends().get(0).reset()).isTrue();
        assertThat(back.sentBodies()).containsExactly("1");
    }

    @Test
    void malformedIdsGetAReset() {
        Session s = written(2, new ArrayList<>());
        for (String id : List.of(s.epoch(), s.epoch() + "-", s.epoch() + "-x", s.epoch() + "+1", "", "-1")) {
            FakeConnection back = modern();
            f.attach(ALICE, back, id);
            assertThat(back.sends()).as(id).first().satisfies(x -> assertThat(x.reset()).isTrue());
        }
    }

    @Test
    void idBeyondTheNewestGetsAReset() {
        Session s = written(2, new ArrayList<>());
        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-3");

        assertThat(back.sends()).singleElement().satisfies(x -> assertThat(x.reset()).isTrue());
        assertThat(back.sentBodies()).isEmpty();
    }

    @Test
    void replayLimitBoundsTheRingAndOlderIdsGetAReset() {
        CoreFixture g = new CoreFixture(CoreFixture.settings(5000, 1, 1000, 1 << 20, 2, 30_000));
        FakeConnection c = modern();
        Session s = g.attach(ALICE, c);
        for (int i = 1; i <= 4; i++) {
            g.send(Integer.toString(i), ALICE);
        }
        c.completeAll(true);

        FakeConnection tooOld = modern();
        g.attach(ALICE, tooOld, s.epoch() + "-1");
        assertThat(tooOld.sends().get(0).reset()).isTrue();
        assertThat(tooOld.sentBodies()).isEmpty();

        FakeConnection inReach = modern();
        g.attach(ALICE, inReach, s.epoch() + "-2");
        assertThat(inReach.sends()).singleElement().satisfies(x -> {
            assertThat(x.reset()).isFalse();
            assertThat(x.bodies()).containsExactly("3", "4");
        });
    }

    @Test
    void replayLimitZeroKeepsNoHistory() {
        CoreFixture g = new CoreFixture(CoreFixture.settings(5000, 1, 1000, 1 << 20, 0, 30_000));
        FakeConnection c = modern();
        Session s = g.attach(ALICE, c);
        g.send("1", ALICE);
        g.send("2", ALICE);
        c.completeAll(true);

        FakeConnection back = modern();
        g.attach(ALICE, back, s.epoch() + "-1");

        assertThat(back.sends()).singleElement().satisfies(x -> assertThat(x.reset()).isTrue());
    }

    @Test
    void acknowledgeTrimsTheRing() {
        Session s = written(4, new ArrayList<>());
        s.acknowledge(s.epoch() + "-3");
        s.acknowledge("other-9");              // ignored
        s.acknowledge(s.epoch() + "-99");      // beyond the newest: ignored

        FakeConnection fromThree = modern();
        f.attach(ALICE, fromThree, s.epoch() + "-3");
        assertThat(fromThree.sentBodies()).containsExactly("4");

        FakeConnection fromTwo = modern();
        f.attach(ALICE, fromTwo, s.epoch() + "-2");
        assertThat(fromTwo.sends().get(0).reset()).isTrue();
    }

    @Test
    void eventsWrittenOnALegacyConnectionCannotBeReplayed() {
        FakeConnection legacy = new FakeConnection().transport("xhr_stream");
        Session s = f.attach(ALICE, legacy);
        f.send("1", ALICE);
        f.send("2", ALICE);
        legacy.completeAll(true);

        FakeConnection fromOne = modern();
        f.attach(ALICE, fromOne, s.epoch() + "-1");
        assertThat(fromOne.sends()).singleElement().satisfies(x -> assertThat(x.reset()).isTrue());

        FakeConnection fromTwo = modern();
        f.attach(ALICE, fromTwo, s.epoch() + "-2");
        assertThat(fromTwo.sends()).isEmpty();
    }

    @Test
    void sessionEndedMeansANewEpochAndAReset() {
        Session s = written(2, new ArrayList<>());
        f.hub.terminateAll();

        FakeConnection back = modern();
        Session fresh = f.attach(ALICE, back, s.epoch() + "-2");

        assertThat(fresh.epoch()).isNotEqualTo(s.epoch());
        assertThat(back.sends()).singleElement().satisfies(x -> assertThat(x.reset()).isTrue());
    }

    @Test
    void longPollReplaysInBatchesAcrossPolls() {
        Session s = written(5, new ArrayList<>());
        FakeConnection poll = modern().transport("long_poll").oneShot(true).batchLimit(2);
        f.attach(ALICE, poll, s.epoch() + "-1");
        assertThat(poll.sentBodies()).containsExactly("2", "3");
        poll.completeAll(true);

        FakeConnection next = modern().transport("long_poll").oneShot(true).batchLimit(2);
        f.attach(ALICE, next, s.epoch() + "-3");
        assertThat(next.sentBodies()).containsExactly("4", "5");
    }

    @Test
    void streamingReplayLargerThanOneBatchIsSentWhole() {
        Session s = written(5, new ArrayList<>());
        FakeConnection back = modern().batchLimit(2);
        Session same = f.attach(ALICE, back, s.epoch() + "-0");
        f.send("6", ALICE);

        assertThat(back.sentBodies()).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(back.closed()).isFalse();
        assertThat(same.connections()).isEqualTo(1);
    }

    @Test
    void replayedEventTheNewConnectionRejectsIsSkippedNotRepeatedOrReported() {
        List<RecordingCallback> cbs = new ArrayList<>();
        Session s = written(3, cbs);
        FakeConnection back = modern().batchLimit(1).rejecting(e -> e.text().equals("2"));
        f.attach(ALICE, back, s.epoch() + "-0");

        assertThat(back.sentBodies()).containsExactly("1", "3");
        assertThat(back.closed()).isFalse();
        for (RecordingCallback cb : cbs) {
            cb.assertSucceeded();
        }
        assertThat(f.hub.stats().eventsFailed()).isZero();
    }

    @Test
    void resetOnALongPollAnswersThePollAndPendingEventsWaitForTheNext() {
        FakeConnection c = modern();
        f.attach(ALICE, c);
        c.drop();
        f.send("1", ALICE);

        FakeConnection poll = modern().transport("long_poll").oneShot(true).batchLimit(100);
        Session s = f.attach(ALICE, poll, "unknown-1");
        assertThat(poll.sends().get(0).reset()).isTrue();

        List<String> all = new ArrayList<>(poll.sentBodies());
        if (all.isEmpty()) {
            FakeConnection next = modern().transport("long_poll").oneShot(true).batchLimit(100);
            f.attach(ALICE, next, null);
            all.addAll(next.sentBodies());
        }
        assertThat(all).containsExactly("1");
        assertThat(s.isClosed()).isFalse();
    }

    @Test
    void writesStillUnderWayWhenToldToReconnectGoOutAgainOnTheNextConnection() {
        FakeConnection c = modern();
        Session s = f.attach(ALICE, c);
        RecordingCallback one = f.send("1", ALICE);
        c.completeAll(true); // the browser saw event 1
        RecordingCallback two = f.send("2", ALICE);
        RecordingCallback three = f.send("3", ALICE); // 2 and 3 handed to c, not confirmed

        f.hub.reconnectAll();
        FakeConnection back = modern();
        f.attach(ALICE, back, s.epoch() + "-1");

        assertThat(back.sentBodies()).containsExactly("2", "3");
        c.completeAll(true); // late results from the old connection change nothing
        two.assertPending();
        back.completeAll(true);
        one.assertSucceeded();
        two.assertSucceeded();
        three.assertSucceeded();
    }
}
