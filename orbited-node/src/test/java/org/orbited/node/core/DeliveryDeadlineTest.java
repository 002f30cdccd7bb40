package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;
import static org.orbited.node.core.CoreFixture.BOB;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-request deadline (orbit-protocol.md §2.2 "How a recipient resolves") and the rule that every
 * request is answered exactly once.
 */
class DeliveryDeadlineTest {
    /** A grace period longer than the deadline, so sessions outlive it. */
    private final CoreFixture f = new CoreFixture(CoreFixture.settings(60_000, 1, 1000, 1 << 20, 256, 30_000));

    private FakeConnection attachAndLeave(CoreFixture fx, SessionKey key) {
        FakeConnection c = new FakeConnection();
        fx.attach(key, c);
        c.drop();
        return c;
    }

    @Test
    void queuedRecipientFailsAtTheDeadlineAndIsNeverWrittenLater() {
        attachAndLeave(f, ALICE);
        RecordingCallback cb = f.send("stale", ALICE);
        f.clock.advanceMillis(29_999);
        cb.assertPending();

        f.clock.advanceMillis(1);

        cb.assertFailed(0);
        assertThat(f.hub.queuedEvents()).isZero();
        FakeConnection back = new FakeConnection();
        f.attach(ALICE, back);
        assertThat(back.sends()).isEmpty();
    }

    @Test
    void inFlightWriteAtTheDeadlineDecidesItsRecipientSuccess() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        RecordingCallback cb = f.send("slow write", ALICE);

        f.clock.advanceMillis(30_000);
        cb.assertPending();
        c.completeAll(true);

        cb.assertSucceeded();
    }

    @Test
    void inFlightWriteFailingAfterTheDeadlineFailsItsRecipientAndIsNotRetried() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        RecordingCallback cb = f.send("slow write", ALICE);
        f.clock.advanceMillis(30_000);

        c.completeAll(false);
        c.drop();

        cb.assertFailed(0);
        FakeConnection back = new FakeConnection();
        f.attach(ALICE, back);
        assertThat(back.sends()).as("a failure must mean not written").isEmpty();
    }

    @Test
    void writeStuckAtTheDeadlineAbortsItsConnectionAndIsNeverWrittenElsewhere() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        RecordingCallback cb = f.send("slow write", ALICE);
        f.clock.advanceMillis(30_000);

        assertThat(c.closes()).as("the stuck connection is aborted").hasSize(1);
        FakeConnection next = new FakeConnection();
        f.attach(ALICE, next);
        assertThat(next.sends()).isEmpty();
        cb.assertPending(); // the write under way decides...
        c.completeAll(false); // ...and the aborted connection fails it
        cb.assertFailed(0);
    }

    @Test
    void onlyTheQueuedRecipientIsWithdrawn() {
        FakeConnection alice = new FakeConnection();
        f.attach(ALICE, alice);
        attachAndLeave(f, BOB);
        RecordingCallback cb = f.send("hi", ALICE, BOB);

        f.clock.advanceMillis(30_000);
        cb.assertPending();
        alice.completeAll(true);

        cb.assertFailed(1);
    }

    @Test
    void resolvedRequestCancelsItsDeadline() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);
        RecordingCallback cb = f.send("hi", ALICE);
        c.completeAll(true);

        assertThat(f.clock.pendingTasks()).isZero();
        f.clock.advanceMillis(60_000);
        cb.assertSucceeded();
    }

    @Test
    void channelCopiesHaveNoDeadline() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c, null, Set.of("/a"));
        c.drop();
        f.deliver("news", List.of(), List.of("/a")).assertSucceeded();
        f.clock.advanceMillis(45_000);

        FakeConnection back = new FakeConnection();
        f.attach(ALICE, back, null, Set.of("/a"));
        assertThat(back.sentBodies()).containsExactly("news");
    }

    @Test
    void exactlyOneCallbackWhateverTheOrderOfLateReports() {
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        RecordingCallback cb = f.send("hi", ALICE, BOB); // bob unknown: fails at once
        QueuedEvent copy = c.sentEvents().get(0);

        c.completeAll(true);
        s.written(c, copy, true);   // a duplicated completion report
        s.written(c, copy, false);  // and a contradictory one
        f.clock.advanceMillis(30_000);
        s.terminate(null);

        cb.assertFailed(1);
        assertThat(f.hub.stats().eventsWritten()).isEqualTo(1);
    }

    @Test
    void exactlyOneCallbackWhenTheSessionEndsWhileAWriteIsOpen() {
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        RecordingCallback cb = f.send("hi", ALICE);

        s.terminate(DisconnectReason.PING_TIMEOUT);
        c.completeAll(true);
        f.clock.advanceMillis(30_000);

        cb.assertFailed(0);
        assertThat(c.closes()).containsExactly(DisconnectReason.PING_TIMEOUT);
    }
}
