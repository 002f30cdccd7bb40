package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * What a visitor session does to rooms besides speaking goes through its flood bucket too: presence changes and nick
 * changes (refused at the call with {@code xmpp_flood_queue_full} when the bucket's queue is full), and the joins
 * that subscriptions cause (one pending "sync this room" per room, a leave only when in the room), so a script
 * looping over them cannot flood the rooms nor grow the session's queue.
 */
class XmppVisitorPacingTest {
    @TempDir
    Path dir;

    static BayeuxBrowser loggedIn(RunningNode node, String nick, String room) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
        b.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
        assertThat(b.subscribe(XmppTestOptions.room(room)).isSuccessful()).isTrue();
        assertThat(b.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", nick)))
                .containsEntry("ok", true);
        return b;
    }

    @Test
    void presenceAndNickChangesPassTheSessionsFloodBucket() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            // burst 1, a token every 20 s, two may wait: far slower than the calls, so which are refused does not
            // depend on timing
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "flood.rate", "0.05", "flood.burst", "1", "flood.queue", "2"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("chat-pace", "helper");
                try (BayeuxBrowser pia = loggedIn(node, "pia", "chat-pace")) {
                    String presence = XmppPersonalEndToEndTest.SERVICE + "presence";
                    for (int i = 1; i <= 3; i++) {  // one at once, two wait
                        assertThat(pia.call(presence, Map.of("show", "away", "status", "s" + i)))
                                .containsEntry("ok", true);
                    }
                    for (int i = 4; i <= 10; i++) {
                        assertThat(pia.call(presence, Map.of("show", "away", "status", "s" + i)))
                                .containsEntry("ok", false).containsEntry("code", "xmpp_flood_queue_full");
                    }
                    assertThat(pia.call(XmppPersonalEndToEndTest.SERVICE + "nick", Map.of("nick", "pia2")))
                            .containsEntry("ok", false).containsEntry("code", "xmpp_flood_queue_full");
                    helper.awaitPresence(p -> "pia".equals(p.nick()) && "s1".equals(p.status()));
                    assertThat(helper.presences).noneMatch(p -> p.status() != null && p.status().matches("s[4-9]|s10"));
                    assertThat(helper.presences).noneMatch(p -> "pia2".equals(p.nick()));
                }
            }
        }
    }

    @Test
    void subscribeUnsubscribeLoopsAreCoalescedAndPaced() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "flood.rate", "1", "flood.burst", "2"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("chat-toggle", "helper");
                try (BayeuxBrowser tog = loggedIn(node, "tog", "chat-toggle")) {
                    helper.awaitPresence(p -> "tog".equals(p.nick()) && p.available());
                    long start = System.nanoTime();
                    String room = XmppTestOptions.room("chat-toggle");
                    for (int i = 0; i < 200; i++) {
                        tog.unsubscribe(room);
                        tog.subscribe(room);
                    }
                    // still subscribed: the session ends up in the room and speaks
                    AtomicReference<Map<String, Object>> answer = new AtomicReference<>();
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        answer.set(tog.say("chat-toggle", "after the toggles"));
                        return !"xmpp_not_joined".equals(answer.get().get("code"));
                    });
                    assertThat(answer.get()).containsEntry("ok", true);
                    assertThat(helper.awaitLine("chat-toggle", "after the toggles").nick()).isEqualTo("tog");
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long joins = helper.presences.stream().filter(p -> "tog".equals(p.nick()) && p.available())
                            .count();
                    long parts = helper.presences.stream().filter(p -> "tog".equals(p.nick()) && !p.available())
                            .count();
                    // the login's join, then at most burst + rate x elapsed paced joins (plus slack of 2)
                    long bound = 1 + 2 + (long) Math.ceil(seconds) + 2;
                    assertThat(joins).as("joins in %.1f s", seconds).isLessThanOrEqualTo(bound);
                    assertThat(parts).isLessThanOrEqualTo(joins);
                    Predicate<Map<String, Object>> full = m -> "xmpp_flood_queue_full".equals(m.get("code"));
                    assertThat(tog.received).noneMatch(full);
                    assertThat(tog.personal).noneMatch(full);
                }
            }
        }
    }
}
