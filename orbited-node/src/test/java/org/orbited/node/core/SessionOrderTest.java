package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Order, retries, rejection and partial acceptance: orbit-protocol.md §4.2 points 2 and 10. */
class SessionOrderTest {
    private final CoreFixture f = new CoreFixture();

    @Test
    void failedWritePutsItsEventsBackAtTheHeadInOrder() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first);
        RecordingCallback one = f.send("1", ALICE);
        RecordingCallback two = f.send("2", ALICE);
        RecordingCallback three = f.send("3", ALICE);

        first.completeNext(false); // the socket died: everything in flight on it comes back
        first.completeAll(false);  // the other listeners fire too and must change nothing
        RecordingCallback four = f.send("4", ALICE);
        FakeConnection second = new FakeConnection();
        f.attach(ALICE, second);

        assertThat(second.sentBodies()).containsExactly("1", "2", "3", "4");
        second.completeAll(true);
        for (RecordingCallback cb : List.of(one, two, three, four)) {
            cb.assertSucceeded();
        }
    }

    @Test
    void partiallyFailedConnectionKeepsOrderAfterTheWrittenPrefix() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first);
        RecordingCallback one = f.send("1", ALICE);
        f.send("2", ALICE);
        f.send("3", ALICE);

        first.completeNext(true);
        first.completeNext(false);
        first.drop();
        FakeConnection second = new FakeConnection();
        f.attach(ALICE, second);

        one.assertSucceeded();
        assertThat(second.sentBodies()).containsExactly("2", "3");
    }

    @Test
    void replacementResendsUnconfirmedEventsFirstAndIgnoresTheOldConnectionsLateResults() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first);
        RecordingCallback one = f.send("1", ALICE);
        RecordingCallback two = f.send("2", ALICE);

        FakeConnection second = new FakeConnection();
        f.attach(ALICE, second);
        RecordingCallback three = f.send("3", ALICE);
        first.completeAll(false);

        assertThat(first.closes()).containsExactly(DisconnectReason.REPLACED);
        assertThat(second.sentBodies()).containsExactly("1", "2", "3");
        one.assertPending();
        second.completeAll(true);
        for (RecordingCallback cb : List.of(one, two, three)) {
            cb.assertSucceeded();
        }
    }

    @Test
    void retryLimitOneAllowsTwoAttemptsThenFails() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first);
        RecordingCallback cb = f.send("1", ALICE);
        first.completeAll(false);
        first.drop();
        cb.assertPending();

        FakeConnection second = new FakeConnection();
        f.attach(ALICE, second);
        second.completeAll(false);
        second.drop();

        cb.assertFailed(0);
        FakeConnection third = new FakeConnection();
        f.attach(ALICE, third);
        assertThat(third.sends()).isEmpty();
        assertThat(f.hub.queuedEvents()).isZero();
    }

    @Test
    void retryLimitZeroAllowsOneAttempt() {
        CoreFixture g = new CoreFixture(CoreFixture.settings(5000, 0, 1000, 1 << 20, 256, 30_000));
        FakeConnection c = new FakeConnection();
        g.attach(ALICE, c);
        RecordingCallback cb = g.send("1", ALICE);

        c.completeAll(false);

        cb.assertFailed(0);
    }

    @Test
    void rejectedEventFailsAloneAndTheNextIsDelivered() {
        FakeConnection c = new FakeConnection().rejecting(e -> e.text().equals("bad"));
        f.attach(ALICE, c);

        RecordingCallback bad = f.send("bad", ALICE);
        RecordingCallback good = f.send("good", ALICE);

        bad.assertFailed(0);
        assertThat(c.rejectedIds()).hasSize(1);
        assertThat(c.sentBodies()).containsExactly("good");
        assertThat(c.closed()).isFalse();
        c.completeAll(true);
        good.assertSucceeded();
    }

    @Test
    void rejectionInsideAQueuedBatchFailsOnlyTheRejectedEvent() {
        FakeConnection away = new FakeConnection();
        f.attach(ALICE, away);
        away.drop();
        RecordingCallback a = f.send("a", ALICE);
        RecordingCallback bad = f.send("bad", ALICE);
        RecordingCallback b = f.send("b", ALICE);

        // The batch stops before "bad"; the connection still accepts, so "bad" is offered first next,
        // rejected and failed alone, and "b" follows on the same connection.
        FakeConnection c = new FakeConnection().rejecting(e -> e.text().equals("bad"));
        f.attach(ALICE, c);
        assertThat(c.sentBodies()).containsExactly("a", "b");
        c.completeAll(true);

        a.assertSucceeded();
        bad.assertFailed(0);
        b.assertSucceeded();
    }

    @Test
    void connectionAtItsCapIsLetGoAndTheRestWaitsForTheNextOne() {
        FakeConnection capped = new FakeConnection().acceptLimit(2);
        Session s = f.attach(ALICE, capped);

        f.send("1", ALICE);
        f.send("2", ALICE);
        RecordingCallback three = f.send("3", ALICE);

        assertThat(capped.sentBodies()).containsExactly("1", "2");
        assertThat(capped.closes()).containsExactly(DisconnectReason.RECONNECT);
        assertThat(s.connections()).isZero();
        capped.completeAll(true);
        capped.drop();
        three.assertPending();

        FakeConnection next = new FakeConnection();
        f.attach(ALICE, next);
        assertThat(next.sentBodies()).containsExactly("3");
        next.completeAll(true);
        three.assertSucceeded();
    }

    @Test
    void batchLimitSplitsABacklogIntoOrderedSends() {
        FakeConnection away = new FakeConnection();
        f.attach(ALICE, away);
        away.drop();
        for (int i = 1; i <= 5; i++) {
            f.send(Integer.toString(i), ALICE);
        }

        FakeConnection c = new FakeConnection().batchLimit(2);
        f.attach(ALICE, c);

        assertThat(c.sends()).extracting(FakeConnection.Send::bodies)
                .containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5"));
    }
}
