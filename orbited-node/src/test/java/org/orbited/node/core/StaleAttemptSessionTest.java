package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Session#attach(Connection, String, ClientAttempt)}: a stale attempt never takes the session. */
class StaleAttemptSessionTest {
    private final CoreFixture f = new CoreFixture();

    private static FakeConnection longPoll() {
        return new FakeConnection().transport("long_poll").resumable(true).oneShot(true).batchLimit(100);
    }

    private static FakeConnection sse() {
        return new FakeConnection().transport("sse").resumable(true);
    }

    private Session attach(FakeConnection c, String instance, long attempt) {
        return attach(c, instance, attempt, Set.of());
    }

    private Session attach(FakeConnection c, String instance, long attempt, Set<String> channels) {
        Session s = f.hub.attach(ALICE, c, null, channels, instance == null ? null : new ClientAttempt(instance, attempt));
        if (s != null) {
            c.bind(s);
        }
        return s;
    }

    @Test
    void aLowerAttemptOfTheSameInstanceIsClosedAsStaleAndTheLiveConnectionKeepsTheSession() {
        FakeConnection live = sse();
        Session s = attach(live, "p1", 2);
        FakeConnection stale = sse();
        assertThat(attach(stale, "p1", 1)).isNull();

        assertThat(stale.closes()).containsExactly(DisconnectReason.STALE);
        assertThat(live.closes()).isEmpty();
        assertThat(s.connections()).isEqualTo(1);
        f.send("hi", ALICE);
        assertThat(live.sentBodies()).containsExactly("hi");
        assertThat(stale.sentBodies()).isEmpty();
    }

    @Test
    void theSameAttemptNumberIsTheSameAttemptAndAttachesAsAlways() {
        FakeConnection first = longPoll();
        Session s = attach(first, "p1", 3);
        f.send("1", ALICE); // answers the poll, which leaves the session
        first.completeAll(true);
        FakeConnection next = longPoll();
        assertThat(attach(next, "p1", 3)).isSameAs(s);
        assertThat(next.closes()).isEmpty();
        assertThat(s.connections()).isEqualTo(1);
    }

    @Test
    void aStaleRequestBetweenPollsTakesNoEventsAndLeavesTheGraceTimerAlone() {
        FakeConnection live = longPoll();
        Session s = attach(live, "p1", 2);
        f.send("1", ALICE);
        live.completeAll(true);
        assertThat(s.connections()).isZero(); // answered: the grace period runs until the next poll
        f.clock.advanceMillis(29_000);
        FakeConnection stale = longPoll();
        assertThat(attach(stale, "p1", 1)).isNull();
        f.send("2", ALICE);
        assertThat(stale.sentBodies()).isEmpty();
        assertThat(s.queuedEvents()).isEqualTo(1);
        f.clock.advanceMillis(1_000); // 30 s after the live poll was answered, as if the stale one never came
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void anotherInstanceOrARequestWithoutAttemptTakesTheSessionAsAlways() {
        FakeConnection tab1 = sse();
        Session s = attach(tab1, "tab1", 7);
        FakeConnection tab2 = sse();
        assertThat(attach(tab2, "tab2", 1)).isSameAs(s); // another page: newest wins, whatever its number
        assertThat(tab1.closes()).containsExactly(DisconnectReason.REPLACED);
        FakeConnection legacy = sse();
        assertThat(attach(legacy, null, 0)).isSameAs(s);
        assertThat(tab2.closes()).containsExactly(DisconnectReason.REPLACED);

        // a request without attempt forgets nothing: tab1's older attempts are still stale
        FakeConnection stale = sse();
        assertThat(attach(stale, "tab1", 6)).isNull();
        assertThat(legacy.closes()).isEmpty();
        FakeConnection tab1Again = sse();
        assertThat(attach(tab1Again, "tab1", 8)).isSameAs(s);
        assertThat(legacy.closes()).containsExactly(DisconnectReason.REPLACED);
    }

    @Test
    void aStaleRequestChangesNeitherSubscriptionsNorSessionsAndAnEndedSessionStillMakesANewOne() {
        FakeConnection live = sse();
        Session s = attach(live, "p1", 2, Set.of("/a"));
        assertThat(attach(sse(), "p1", 1, Set.of("/b"))).isNull();
        assertThat(s.subscriptions()).containsExactly("/a");
        s.terminate(null);
        FakeConnection next = sse();
        Session fresh = attach(next, "p1", 1); // a new session knows no attempts
        assertThat(fresh).isNotSameAs(s);
        assertThat(next.closes()).isEmpty();
    }

    @Test
    void theLatestAttemptsOfTheFourMostRecentInstancesAreRemembered() {
        Session s = attach(sse(), "a", 5);
        attach(sse(), "b", 5);
        attach(sse(), "c", 5);
        attach(sse(), "d", 5);
        attach(sse(), "a", 6); // a is the most recent again: b is now the least recent
        attach(sse(), "e", 5); // forgets b
        for (String i : new String[] {"a", "c", "d", "e"}) {
            FakeConnection stale = sse();
            assertThat(attach(stale, i, 4)).as(i).isNull();
            assertThat(stale.closes()).containsExactly(DisconnectReason.STALE);
        }
        FakeConnection b = sse();
        assertThat(attach(b, "b", 4)).as("b was forgotten: taken as a new client").isSameAs(s);
        assertThat(b.closes()).isEmpty();
        assertThat(s.connections()).isEqualTo(1);
    }
}
