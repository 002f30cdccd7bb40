package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Slow consumers: orbit-protocol.md §4.2 point 8. Events waiting for a connection count against
 * {@code session.queue_limit}; every event not yet written (waiting or in flight) costs its body plus
 * {@link Session#EVENT_OVERHEAD} against {@code session.queue_bytes}.
 */
class SlowConsumerTest {
    private static final long FIVE = 5 + Session.EVENT_OVERHEAD; // cost of a 5-byte event

    @Test
    void tooManyEventsWaitingForAConnectionEndTheSession() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 3, 1 << 20, 256, 30_000));
        FakeConnection c = new FakeConnection().resumable(true);
        Session s = f.attach(ALICE, c);
        c.drop(); // in grace: events wait for the browser
        List<RecordingCallback> cbs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            cbs.add(f.send(Integer.toString(i), ALICE));
        }
        assertThat(s.isClosed()).isFalse();

        cbs.add(f.send("4", ALICE));

        assertThat(s.isClosed()).isTrue();
        for (RecordingCallback cb : cbs) {
            cb.assertFailed(0);
        }
        assertThat(f.hub.find(ALICE)).isNull();
        assertThat(f.hub.stats().slowConsumers()).isEqualTo(1);
        // The next connection gets a new session; a modern client resuming sees a reset.
        FakeConnection next = new FakeConnection().resumable(true);
        Session fresh = f.attach(ALICE, next, s.epoch() + "-3");
        assertThat(fresh.epoch()).isNotEqualTo(s.epoch());
        assertThat(next.sends()).singleElement().satisfies(x -> assertThat(x.reset()).isTrue());
    }

    @Test
    void aBurstToABrowserThatKeepsReadingIsNotASlowConsumer() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 3, 1 << 20, 256, 30_000));
        FakeConnection c = new FakeConnection().resumable(true);
        Session s = f.attach(ALICE, c);
        List<RecordingCallback> cbs = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            cbs.add(f.send(Integer.toString(i), ALICE)); // taken by the connection at once
        }
        assertThat(s.isClosed()).isFalse();
        c.completeAll(true);
        cbs.forEach(RecordingCallback::assertSucceeded);
    }

    @Test
    void bytesInFlightToABrowserThatStopsReadingEndTheSession() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 1000, 3 * FIVE, 256, 30_000));
        FakeConnection c = new FakeConnection().resumable(true);
        Session s = f.attach(ALICE, c);
        List<RecordingCallback> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(f.send("12345", ALICE)); // exactly at the limit: still fine
        }
        assertThat(s.isClosed()).isFalse();

        RecordingCallback last = f.send("12345", ALICE);

        assertThat(s.isClosed()).isTrue();
        assertThat(c.closes()).containsExactly(DisconnectReason.SLOW_CONSUMER);
        last.assertFailed(0); // never handed to the connection: fails at once
        for (RecordingCallback cb : inFlight) {
            assertThat(cb.calls()).as("an in-flight write decides its own recipient").isZero();
        }
        c.completeAll(true); // flushed before the 4001 close after all: they were written
        inFlight.forEach(RecordingCallback::assertSucceeded);
        assertThat(f.hub.stats().eventsWritten()).isEqualTo(3);
        assertThat(f.hub.find(ALICE)).isNull();
    }

    @Test
    void tooManyBytesWaitingEndTheSession() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 1000, 2 * FIVE, 256, 30_000));
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        c.drop();
        List<RecordingCallback> cbs = new ArrayList<>();
        cbs.add(f.send("12345", ALICE));
        cbs.add(f.send("12345", ALICE)); // exactly at the limit: still fine
        assertThat(s.isClosed()).isFalse();

        cbs.add(f.send("x", ALICE));

        assertThat(s.isClosed()).isTrue();
        for (RecordingCallback cb : cbs) {
            cb.assertFailed(0);
        }
        assertThat(f.hub.stats().slowConsumers()).isEqualTo(1);
    }

    @Test
    void confirmedWritesFreeTheirRoom() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 2, 2 * FIVE, 256, 30_000));
        FakeConnection c = new FakeConnection().resumable(true);
        Session s = f.attach(ALICE, c);

        for (int i = 0; i < 50; i++) {
            f.send("12345", ALICE);
            f.send("12345", ALICE);
            c.completeAll(true);
        }

        assertThat(s.isClosed()).isFalse();
        assertThat(f.hub.stats().eventsWritten()).isEqualTo(100);
    }

    @Test
    void withdrawnAndFailedEventsFreeTheirRoom() {
        long ten = 10 + Session.EVENT_OVERHEAD;
        CoreFixture f = new CoreFixture(CoreFixture.settings(60_000, 0, 1000, ten, 256, 1000));
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c);
        c.drop();
        f.send("1234567890", ALICE);
        f.clock.advanceMillis(1000); // withdrawn at the deadline

        FakeConnection d = new FakeConnection().rejecting(e -> e.text().startsWith("bad"));
        f.attach(ALICE, d);
        f.send("bad4567890", ALICE); // rejected
        f.send("1234567890", ALICE);
        d.completeAll(false); // retry_limit 0: failed

        f.send("1234567890", ALICE);
        assertThat(s.isClosed()).isFalse();
    }

    @Test
    void slowSubscriberDoesNotFailTheChannelRequest() {
        CoreFixture f = new CoreFixture(CoreFixture.settings(5000, 1, 1, 1 << 20, 256, 30_000));
        FakeConnection c = new FakeConnection();
        Session s = f.attach(ALICE, c, null, Set.of("/a"));
        c.drop(); // in grace, still subscribed

        f.deliver("1", List.of(), List.of("/a")).assertSucceeded();
        f.deliver("2", List.of(), List.of("/a")).assertSucceeded();

        assertThat(s.isClosed()).isTrue();
        assertThat(f.hub.channelCount()).isZero();
    }
}
