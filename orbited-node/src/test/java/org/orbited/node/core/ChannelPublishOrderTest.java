package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Publications to one channel reach every subscriber in one order, the order the hub accepted them, even when
 * publishers on several threads race (the I/O threads of two apps, a plugin thread): subscribers by name and by
 * pattern see the same sequence, and each publisher's own publications keep its order.
 */
class ChannelPublishOrderTest {
    private static final int PER_THREAD = 2000;
    private static final SessionLimits ROOMY = new SessionLimits(60_000, 10 * PER_THREAD, 1L << 26, 0);

    private final CoreFixture f = new CoreFixture();

    @RepeatedTest(5)
    void racingPublishersAreSeenInOneOrderByEverySubscriber() throws Exception {
        List<FakeConnection> subscribers = new ArrayList<>();
        for (String sub : List.of("/race/room", "/race/*", "/**")) {
            FakeConnection c = new FakeConnection();
            Session s = f.hub.newDetachedSession(new SessionKey("s" + subscribers.size(), "bayeux", "/cometd"), ROOMY);
            s.attach(c, null);
            c.bind(s);
            f.hub.subscribe(s, sub);
            subscribers.add(c);
        }
        List<String> hooked = java.util.Collections.synchronizedList(new ArrayList<>());
        f.hub.onPublish(e -> hooked.add(new String(e.body(), StandardCharsets.UTF_8)));

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_THREAD; i++) {
                    f.hub.publish(Event.jsonOnChannel(("\"" + name + i + "\"").getBytes(StandardCharsets.UTF_8),
                            "/race/room", null, null));
                }
            }, "publisher-" + name);
            t.start();
            publishers.add(t);
        }
        start.countDown();
        for (Thread t : publishers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }

        List<String> first = bodies(subscribers.get(0));
        assertThat(first).hasSize(2 * PER_THREAD);
        for (FakeConnection c : subscribers) {
            assertThat(bodies(c)).as("every subscriber sees the same order").isEqualTo(first);
        }
        assertThat(hooked).as("publish hooks (plugins) see that order too").isEqualTo(first);
        for (String name : List.of("a", "b")) {
            List<String> own = first.stream().filter(b -> b.startsWith("\"" + name)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < PER_THREAD; i++) {
                expected.add("\"" + name + i + "\"");
            }
            assertThat(own).as("publisher " + name + "'s order").isEqualTo(expected);
        }
    }

    private static List<String> bodies(FakeConnection c) {
        synchronized (c) {
            return new ArrayList<>(c.sentBodies());
        }
    }
}
