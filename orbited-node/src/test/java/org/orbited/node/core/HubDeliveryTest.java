package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;
import static org.orbited.node.core.CoreFixture.BOB;
import static org.orbited.node.core.CoreFixture.CAROL;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a recipient resolves and channel fan-out: orbit-protocol.md §2.2, §2.3. */
class HubDeliveryTest {
    private final CoreFixture f = new CoreFixture();

    @Test
    void connectedKeySucceedsOnlyWhenTheWriteCompletes() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);

        RecordingCallback cb = f.send("hi", ALICE);

        assertThat(c.sentBodies()).containsExactly("hi");
        cb.assertPending();
        c.completeAll(true);
        cb.assertSucceeded();
    }

    @Test
    void unknownKeyFailsAtOnceAndOnlyThatKeyIsListed() {
        FakeConnection c = new FakeConnection();
        f.attach(BOB, c);

        RecordingCallback cb = f.send("hi", ALICE, BOB, CAROL);
        cb.assertPending(); // bob's write is still open
        c.completeAll(true);

        cb.assertFailed(0, 2);
    }

    @Test
    void requestToOnlyUnknownKeysCompletesWithoutTouchingTheClock() {
        RecordingCallback cb = f.send("hi", ALICE, BOB);

        cb.assertFailed(0, 1);
        assertThat(f.clock.pendingTasks()).as("deadline cancelled or never armed").isZero();
    }

    @Test
    void channelOnlyRequestCompletesAtOnceWithZeroSubscribers() {
        RecordingCallback cb = f.deliver("hi", List.of(), List.of("/rooms/empty"));

        cb.assertSucceeded();
    }

    @Test
    void channelOnlyRequestSucceedsOnceQueuedNotWhenWritten() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c, null, Set.of("/lobby"));

        RecordingCallback cb = f.deliver("hi", List.of(), List.of("/lobby"));

        cb.assertSucceeded();
        assertThat(c.sentBodies()).containsExactly("hi");
        c.completeAll(false); // a subscriber's failure is not reported
        assertThat(cb.calls()).isEqualTo(1);
    }

    @Test
    void fanOutGivesOneCopyPerSessionEvenWhenTheRequestAlsoNamesItsKey() {
        FakeConnection alice = new FakeConnection();
        FakeConnection bob = new FakeConnection();
        f.attach(ALICE, alice, null, Set.of("/a", "/b"));
        f.attach(BOB, bob, null, Set.of("/b"));

        RecordingCallback cb = f.deliver("hi", List.of(ALICE), List.of("/a", "/b"));

        assertThat(alice.sentBodies()).containsExactly("hi");
        assertThat(bob.sentBodies()).containsExactly("hi");
        alice.completeAll(true);
        cb.assertSucceeded();
        assertThat(f.hub.stats().eventsQueued()).isEqualTo(2);
    }

    @Test
    void eachAttachReplacesTheSessionsSubscriptions() {
        FakeConnection first = new FakeConnection();
        f.attach(ALICE, first, null, Set.of("/a"));
        assertThat(f.hub.channelCount()).isEqualTo(1);
        FakeConnection second = new FakeConnection();
        f.attach(ALICE, second, null, Set.of("/b"));

        f.deliver("to a", List.of(), List.of("/a"));
        f.deliver("to b", List.of(), List.of("/b"));

        assertThat(second.sentBodies()).containsExactly("to b");
        assertThat(f.hub.channelCount()).isEqualTo(1);
        second.completeAll(true);

        FakeConnection third = new FakeConnection();
        f.attach(ALICE, third); // no channel= at all: unsubscribed from everything
        f.deliver("to b again", List.of(), List.of("/b"));
        assertThat(third.sentBodies()).isEmpty();
        assertThat(f.hub.channelCount()).isZero();
    }

    @Test
    void subscriptionsEndWithTheSession() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c, null, Set.of("/a"));
        c.drop();
        f.clock.advanceMillis(5000);

        assertThat(f.hub.sessionCount()).isZero();
        assertThat(f.hub.channelCount()).isZero();
        assertThat(f.hub.stats().eventsQueued()).isZero();
        f.deliver("hi", List.of(), List.of("/a"));
        assertThat(f.hub.stats().eventsQueued()).isZero();
    }

    @Test
    void subscriberInGracePeriodGetsTheChannelEventOnReconnect() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c, null, Set.of("/a"));
        c.drop();

        f.deliver("while away", List.of(), List.of("/a"));
        FakeConnection back = new FakeConnection();
        f.attach(ALICE, back, null, Set.of("/a"));

        assertThat(back.sentBodies()).containsExactly("while away");
    }

    @Test
    void duplicateKeysStillCompleteExactlyOnce() {
        FakeConnection c = new FakeConnection();
        f.attach(ALICE, c);

        RecordingCallback cb = f.send("hi", ALICE, ALICE);
        c.completeNext(true);
        cb.assertPending();
        c.completeNext(true);

        cb.assertSucceeded();
        f.clock.advanceMillis(60_000);
        assertThat(cb.calls()).isEqualTo(1);
    }
}
