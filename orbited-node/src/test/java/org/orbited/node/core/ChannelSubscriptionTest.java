package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.core.CoreFixture.ALICE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Incremental subscriptions, wildcard fan-out and detached (Bayeux) sessions: the channel index the Orbit
 * world and the Bayeux world share.
 */
class ChannelSubscriptionTest {
    private final CoreFixture f = new CoreFixture();
    private static final SessionLimits LIMITS = new SessionLimits(10_000, 100, 1 << 20, 0);

    private Session detached(String id, FakeConnection c) {
        Session s = f.hub.newDetachedSession(new SessionKey(id, "bayeux", "/cometd"), LIMITS);
        if (c != null) {
            s.attach(c, null);
            c.bind(s);
        }
        return s;
    }

    private static Event on(String channel, String json) {
        return Event.jsonOnChannel(json.getBytes(StandardCharsets.UTF_8), channel, null, null);
    }

    @ParameterizedTest(name = "{0} receives a publish on {1}: {2}")
    @CsvSource({
            "/chat/room1, /chat/room1, true",
            "/chat/*, /chat/room1, true",
            "/chat/*, /chat/room1/deep, false",
            "/chat/*, /chat, false",
            "/chat/**, /chat/room1, true",
            "/chat/**, /chat/room1/deep/er, true",
            "/chat/**, /chat, false",
            "/chat/**, /chatter/x, false",
            "/**, /anything/at/all, true",
            "/*, /top, true",
            "/*, /top/level, false",
            "/chat/room1, /chat/room2, false",
    })
    void wildcardFanOut(String subscription, String channel, boolean receives) {
        FakeConnection c = new FakeConnection();
        Session s = detached("a", c);
        f.hub.subscribe(s, subscription);

        int n = f.hub.publish(on(channel, "1"));

        assertThat(n).isEqualTo(receives ? 1 : 0);
        assertThat(c.sentBodies()).hasSize(receives ? 1 : 0);
    }

    @Test
    void overlappingSubscriptionsGiveOneCopy() {
        FakeConnection c = new FakeConnection();
        Session s = detached("a", c);
        for (String sub : List.of("/chat/room1", "/chat/*", "/chat/**", "/**")) {
            assertThat(f.hub.subscribe(s, sub)).isTrue();
        }

        f.hub.publish(on("/chat/room1", "\"x\""));

        assertThat(c.sentBodies()).containsExactly("\"x\"");
    }

    @Test
    void subscribeIsIdempotentAndUnsubscribeStopsDelivery() {
        FakeConnection c = new FakeConnection();
        Session s = detached("a", c);
        assertThat(f.hub.subscribe(s, "/a")).isTrue();
        assertThat(f.hub.subscribe(s, "/a")).as("second subscribe").isFalse();
        assertThat(f.hub.subscriberCount("/a")).isEqualTo(1);

        assertThat(f.hub.removeSubscription(s, "/a")).isTrue();
        assertThat(f.hub.removeSubscription(s, "/a")).as("unknown unsubscribe").isFalse();
        f.hub.publish(on("/a", "1"));

        assertThat(c.sentBodies()).isEmpty();
        assertThat(f.hub.channelCount()).isZero();
    }

    @Test
    void publisherCanBeLeftOut() {
        FakeConnection ca = new FakeConnection();
        FakeConnection cb = new FakeConnection();
        Session a = detached("a", ca);
        Session b = detached("b", cb);
        f.hub.subscribe(a, "/room");
        f.hub.subscribe(b, "/room");

        f.hub.publish(Event.jsonOnChannel("1".getBytes(StandardCharsets.UTF_8), "/room", a, null));

        assertThat(ca.sentBodies()).isEmpty();
        assertThat(cb.sentBodies()).containsExactly("1");
    }

    @Test
    void orbitChannelRecipientsReachBayeuxSessionsAndBayeuxPublishesReachOrbitBrowsers() {
        FakeConnection browser = new FakeConnection();
        f.attach(ALICE, browser, null, Set.of("/lobby"));
        FakeConnection bayeux = new FakeConnection();
        Session s = detached("a", bayeux);
        f.hub.subscribe(s, "/lobby");
        List<String> hooked = new ArrayList<>();
        f.hub.onPublish(e -> hooked.add(e.channel() + " " + e.text()));

        f.deliver("from-app", List.of(), List.of("/lobby"));
        f.hub.publish(on("/lobby", "\"from-bayeux\""));

        assertThat(browser.sentBodies()).containsExactly("from-app", "\"from-bayeux\"");
        assertThat(bayeux.sentBodies()).containsExactly("from-app", "\"from-bayeux\"");
        assertThat(hooked).containsExactly("/lobby from-app", "/lobby \"from-bayeux\"");
    }

    @Test
    void detachedSessionExpiresWithoutConnectionAndReportsItsEnd() {
        AtomicInteger ended = new AtomicInteger();
        Session s = detached("a", null);
        s.whenEnded(ended::incrementAndGet);
        f.hub.subscribe(s, "/x");
        assertThat(f.hub.detachedSessionCount()).isEqualTo(1);
        assertThat(f.hub.find(s.key())).as("no Orbit key reaches it").isNull();

        f.clock.advanceMillis(9_999);
        assertThat(s.isClosed()).isFalse();
        f.clock.advanceMillis(1);

        assertThat(s.isClosed()).isTrue();
        assertThat(ended).hasValue(1);
        assertThat(f.hub.detachedSessionCount()).isZero();
        assertThat(f.hub.subscriberCount("/x")).isZero();
    }

    @Test
    void detachedSessionQueueLimitEndsItAsSlowConsumer() {
        Session s = f.hub.newDetachedSession(new SessionKey("a", "bayeux", "/cometd"),
                new SessionLimits(10_000, 3, 1 << 20, 0));
        f.hub.subscribe(s, "/x");
        for (int i = 0; i < 4; i++) {
            f.hub.publish(on("/x", String.valueOf(i)));
        }
        assertThat(s.isClosed()).isTrue();
        assertThat(f.hub.stats().slowConsumers()).isEqualTo(1);
    }

    @Test
    void attachIfIdleTakesQueuedEventsOnlyWhenNothingIsAttached() {
        Session s = detached("a", null);
        f.hub.subscribe(s, "/x");
        f.hub.publish(on("/x", "1"));
        FakeConnection parked = new FakeConnection().oneShot(true);
        FakeConnection ride = new FakeConnection().oneShot(true);

        assertThat(s.attachIfIdle(ride)).isTrue();
        ride.bind(s);
        assertThat(ride.sentBodies()).containsExactly("1");
        s.release(ride);

        s.attach(parked, null);
        parked.bind(s);
        FakeConnection second = new FakeConnection().oneShot(true);
        assertThat(s.attachIfIdle(second)).as("a parked connect is attached").isFalse();
        f.hub.publish(on("/x", "2"));
        assertThat(parked.sentBodies()).containsExactly("2");
    }

    @Test
    void queueAddressesOneSession() {
        FakeConnection c = new FakeConnection();
        Session s = detached("a", c);
        assertThat(s.queue(Event.reply("{\"echo\":1}".getBytes(StandardCharsets.UTF_8), "/service/echo", "7")))
                .isTrue();
        assertThat(c.sentBodies()).containsExactly("{\"echo\":1}");
        s.terminate(DisconnectReason.DISCONNECTED);
        assertThat(s.queue(Event.reply("1".getBytes(StandardCharsets.UTF_8), "/service/echo", null))).isFalse();
        assertThat(c.closes()).containsExactly(DisconnectReason.DISCONNECTED);
    }
}
