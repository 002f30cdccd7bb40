package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;
import static org.orbited.node.core.CoreFixture.BOB;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Grace periods, replacement, queued polls, reconnect and termination: orbit-protocol.md §4.2. */
class SessionLifecycleTest {
    private final CoreFixture f = new CoreFixture();

    @Test
    void eventsQueuedDuringGraceAreDeliveredOnReconnect() {
        FakeConnection first = new FakeConnection();
        Session s = f.attach(ALICE, first);
        first.drop();
        f.clock.advanceMillis(4000);

        RecordingCallback cb = f.send("while away", ALICE);
        f.clock.advanceMillis(999);
        FakeConnection back = new FakeConnection();
        Session again = f.attach(ALICE, back);

        assertThat(again).isSameAs(s);
        assertThat(back.sentBodies()).containsExactly("while away");
        back.completeAll(true);
        cb.assertSucceeded();
        f.clock.advanceMillis(60_000); // the grace timer was cancelled
        assertThat(f.hub.find(ALICE)).isSameAs(s);
    }

    @Test
    void graceExpiryFailsPendingEventsAndEndsTheSession() {
        FakeConnection first = new FakeConnection();
        Session s = f.attach(ALICE, first);
        first.drop();
        RecordingCallback cb = f.send("lost", ALICE);

        f.clock.advanceMillis(4999);
        cb.assertPending();
        f.clock.advanceMillis(1);

        cb.assertFailed(0);
        assertThat(s.isClosed()).isTrue();
        assertThat(f.hub.find(ALICE)).isNull();
        assertThat(f.hub.sessionCount()).isZero();
        FakeConnection next = new FakeConnection();
        Session fresh = f.attach(ALICE, next);
        assertThat(fresh).isNotSameAs(s);
        assertThat(fresh.epoch()).isNotEqualTo(s.epoch());
        assertThat(next.sends()).isEmpty();
        f.send("after", ALICE);
        assertThat(next.sentIds()).containsExactly(fresh.epoch() + "-1");
    }

    @Test
    void deliveryDuringExpiredGraceFailsAtOnce() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first);
        first.drop();
        f.clock.advanceMillis(5000);

        f.send("late", ALICE).assertFailed(0);
    }

    @Test
    void pollConnectionsGetAtLeastTheirMinimumGrace() {
        FakeConnection poll = new FakeConnection().poll();
        Session s = f.attach(ALICE, poll);
        RecordingCallback cb = f.send("1", ALICE);
        poll.completeAll(true);
        cb.assertSucceeded();
        assertThat(s.connections()).as("an answered poll is gone").isZero();

        RecordingCallback between = f.send("between polls", ALICE);
        f.clock.advanceMillis(9999);
        assertThat(s.isClosed()).isFalse();
        FakeConnection next = new FakeConnection().poll();
        f.attach(ALICE, next);
        assertThat(next.sentBodies()).containsExactly("between polls");
        next.completeAll(true);
        between.assertSucceeded();

        f.clock.advanceMillis(9999);
        assertThat(s.isClosed()).isFalse();
        f.clock.advanceMillis(1);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void configuredGraceWinsWhenLongerThanTheMinimum() {
        CoreFixture g = new CoreFixture(CoreFixture.settings(20_000, 1, 1000, 1 << 20, 256, 30_000));
        FakeConnection poll = new FakeConnection().poll();
        Session s = g.attach(ALICE, poll);
        poll.drop();

        g.clock.advanceMillis(19_999);
        assertThat(s.isClosed()).isFalse();
        g.clock.advanceMillis(1);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void newConnectionReplacesTheOldOneWhateverItsTransport() {
        FakeConnection first = new FakeConnection().transport("sse").resumable(true);
        Session s = f.attach(ALICE, first);
        FakeConnection second = new FakeConnection().transport("iframe");
        f.attach(ALICE, second);

        assertThat(first.closes()).containsExactly(DisconnectReason.REPLACED);
        assertThat(second.closes()).isEmpty();
        assertThat(s.connections()).isEqualTo(1);
        first.drop(); // the old socket's close listener must not start a grace period
        f.clock.advanceMillis(60_000);
        assertThat(s.isClosed()).isFalse();
        f.send("hi", ALICE);
        assertThat(second.sentBodies()).containsExactly("hi");
        assertThat(first.sentBodies()).isEmpty();
    }

    @Test
    void heldPollsAreServedFirstInFirstOutOneEventEach() {
        FakeConnection p1 = new FakeConnection().poll();
        FakeConnection p2 = new FakeConnection().poll();
        FakeConnection p3 = new FakeConnection().poll();
        Session s = f.attach(ALICE, p1);
        f.attach(ALICE, p2);
        f.attach(ALICE, p3);
        assertThat(s.connections()).isEqualTo(3);
        assertThat(Arrays.asList(p1.closed(), p2.closed(), p3.closed())).containsOnly(false);

        f.send("1", ALICE);
        f.send("2", ALICE);

        assertThat(p1.sentBodies()).containsExactly("1");
        assertThat(p2.sentBodies()).containsExactly("2");
        assertThat(p3.sends()).isEmpty();
        assertThat(s.connections()).isEqualTo(1);
    }

    @Test
    void streamingConnectionReplacesEveryHeldPoll() {
        FakeConnection p1 = new FakeConnection().poll();
        FakeConnection p2 = new FakeConnection().poll();
        f.attach(ALICE, p1);
        f.attach(ALICE, p2);
        FakeConnection stream = new FakeConnection();
        Session s = f.attach(ALICE, stream);

        assertThat(p1.closes()).containsExactly(DisconnectReason.REPLACED);
        assertThat(p2.closes()).containsExactly(DisconnectReason.REPLACED);
        assertThat(s.connections()).isEqualTo(1);
    }

    @Test
    void releasedPollStartsTheGracePeriod() {
        FakeConnection poll = new FakeConnection().poll();
        Session s = f.attach(ALICE, poll);

        assertThat(s.release(poll)).isTrue();
        assertThat(s.release(poll)).as("already released").isFalse();
        f.clock.advanceMillis(10_000);

        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void answeredPollCannotBeReleased() {
        FakeConnection poll = new FakeConnection().poll();
        Session s = f.attach(ALICE, poll);
        f.send("1", ALICE);

        assertThat(s.release(poll)).isFalse();
    }

    @Test
    void reconnectAllClosesWithReconnectAndKeepsQueues() {
        CoreFixture g = new CoreFixture(CoreFixture.settings(5000, 0, 1000, 1 << 20, 256, 30_000));
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        g.attach(ALICE, a);
        g.attach(BOB, b);
        RecordingCallback inFlight = g.send("in flight", ALICE);

        g.hub.reconnectAll();
        a.completeAll(true); // flushed before the reconnect instruction: the write decides
        RecordingCallback later = g.send("later", BOB); // between connections: queued
        a.drop();
        b.drop();

        assertThat(a.closes()).containsExactly(DisconnectReason.RECONNECT);
        assertThat(b.closes()).containsExactly(DisconnectReason.RECONNECT);
        assertThat(g.hub.sessionCount()).isEqualTo(2);
        inFlight.assertSucceeded();
        later.assertPending();
        FakeConnection aliceBack = new FakeConnection();
        g.attach(ALICE, aliceBack);
        assertThat(aliceBack.sentBodies()).as("nothing is written twice").isEmpty();
        FakeConnection bobBack = new FakeConnection();
        g.attach(BOB, bobBack);
        assertThat(bobBack.sentBodies()).containsExactly("later");
        bobBack.completeAll(true);
        later.assertSucceeded();
    }

    @Test
    void connectionsToldToReconnectStartTheGracePeriodEvenIfNeverDetached() {
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        f.hub.reconnectAll();
        RecordingCallback cb = f.send("nobody came back", ALICE);

        f.clock.advanceMillis(5000);

        assertThat(s.isClosed()).isTrue();
        cb.assertFailed(0);
    }

    @Test
    void failedWriteLetsTheConnectionGoAndStartsTheGracePeriodEvenIfNeverDetached() {
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        RecordingCallback cb = f.send("1", ALICE);

        c.completeAll(false);

        assertThat(c.closed()).as("the session no longer writes to it, so it must not hang open").isTrue();
        assertThat(s.connections()).isZero();
        f.clock.advanceMillis(5000);
        assertThat(s.isClosed()).isTrue();
        cb.assertFailed(0);
    }

    @Test
    void terminateAllFailsEveryUnwrittenEventAndEndsEverySession() {
        FakeConnection a = new FakeConnection();
        FakeConnection away = new FakeConnection();
        f.attach(ALICE, a);
        f.attach(BOB, away);
        away.drop();
        RecordingCallback inFlight = f.send("a", ALICE);
        RecordingCallback queued = f.send("b", BOB);
        RecordingCallback both = f.send("ab", ALICE, BOB);

        f.hub.terminateAll();
        a.completeAll(true); // too late: the session has ended

        inFlight.assertFailed(0);
        queued.assertFailed(0);
        both.assertFailed(0, 1);
        assertThat(a.closes()).containsExactly((DisconnectReason) null);
        assertThat(f.hub.sessionCount()).isZero();
        assertThat(f.hub.queuedEvents()).isZero();
        assertThat(f.clock.pendingTasks()).as("no timer outlives the sessions").isZero();
    }

    @Test
    void theNextPollDoesNotResendAnEventWhoseAnswerIsStillBeingWritten() {
        FakeConnection first = new FakeConnection().poll();
        f.attach(ALICE, first);
        RecordingCallback a = f.send("a", ALICE); // answers the first poll; its write is under way

        FakeConnection second = new FakeConnection().poll();
        f.attach(ALICE, second);

        assertThat(second.sentBodies()).isEmpty();
        first.completeAll(true);
        a.assertSucceeded();
    }
}
