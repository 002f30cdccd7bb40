package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.xmpp.XmppTestOptions.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Reclaim of visitor sessions end to end (docs/xmpp.md "Reclaim"): a real prosody, a real node
 * ({@code personal.grace = 3s}), CometD clients as a visitor's pages and a Smack client in the rooms, which records
 * every presence of the visitor's occupant.
 */
class XmppVisitorReclaimTest {
    static final String SERVICE = "xmpp/conference$2Elocalhost/";
    static final String EVENTS = "/service/" + SERVICE + "events";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(),
                "mode", "both", "personal.grace", "3s"))));
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    static BayeuxBrowser page(String... rooms) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
        b.listenPersonal(EVENTS);
        for (String room : rooms) {
            assertThat(b.subscribe(XmppTestOptions.room(room)).isSuccessful()).isTrue();
        }
        return b;
    }

    static Predicate<SmackClient.Seen> seen(String room, String nick, boolean available) {
        return p -> room.equals(p.room()) && nick.equals(p.nick()) && p.available() == available;
    }

    static long count(SmackClient helper, Predicate<SmackClient.Seen> match) {
        return helper.presences.stream().filter(match).count();
    }

    @Test
    void aNewPageWithTheSecretTakesTheSessionOverWithoutLeaveOrJoin() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
            helper.join("chat-rc", "helper");
            helper.join("chat-rc2", "helper");
            BayeuxBrowser first = page("chat-rc", "chat-rc2");
            Map<String, Object> login = first.call(SERVICE + "login", Map.of("nick", "alice"));
            assertThat(login).containsEntry("ok", true).containsEntry("nick", "alice").doesNotContainKey("reclaimed");
            String secret = String.valueOf(login.get("reclaim"));
            assertThat(secret).matches("[A-Za-z0-9_-]{32}");
            helper.awaitPresence(seen("chat-rc", "alice", true));
            helper.awaitPresence(seen("chat-rc2", "alice", true));
            first.close();  // the page navigates away

            try (BayeuxBrowser second = page("chat-rc")) {
                Map<String, Object> again = second.call(SERVICE + "login", Map.of("nick", "alice", "reclaim", secret));
                assertThat(again).containsEntry("ok", true).containsEntry("nick", "alice")
                        .containsEntry("reclaimed", true);
                assertThat(String.valueOf(again.get("reclaim"))).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(secret);
                assertThat(second.say("chat-rc", "I am back")).containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-rc", "I am back").nick()).isEqualTo("alice");
                assertThat(second.await(text("I am back"))).containsEntry("sender", "alice").containsEntry("web", true);
                helper.sendPrivate("chat-rc", "alice", "welcome back");
                second.awaitPersonal(text("welcome back"));
                assertThat(second.await(BayeuxBrowser.type("names"))).containsEntry("self", "bridge");
                // the room the new page did not subscribe to is left after the settle time (past the 3 s grace)
                helper.awaitPresence(seen("chat-rc2", "alice", false));
                helper.say("chat-rc", "marker");
                second.await(text("marker"));
                assertThat(count(helper, seen("chat-rc", "alice", false))).as("no leave in chat-rc").isZero();
                assertThat(count(helper, seen("chat-rc", "alice", true))).as("one join in chat-rc").isEqualTo(1);

                try (BayeuxBrowser third = page("chat-rc")) {
                    assertThat(third.call(SERVICE + "login", Map.of("nick", "alice", "reclaim", secret)))
                            .as("the first secret is spent").containsEntry("ok", false)
                            .containsEntry("code", "xmpp_nick_taken");
                    assertThat(third.call(SERVICE + "login", Map.of("nick", "alice", "reclaim", again.get("reclaim"))))
                            .containsEntry("ok", true).containsEntry("reclaimed", true);
                    assertThat(second.awaitPersonal(m -> "reclaimed".equals(m.get("status"))))
                            .containsEntry("nick", "alice");
                    assertThat(second.call(SERVICE + "logout", Map.of())).containsEntry("code", "xmpp_not_logged_in");
                    assertThat(third.say("chat-rc", "third page")).containsEntry("ok", true);
                    assertThat(helper.awaitLine("chat-rc", "third page").nick()).isEqualTo("alice");
                    assertThat(third.call(SERVICE + "logout", Map.of())).containsEntry("ok", true);
                    helper.awaitPresence(seen("chat-rc", "alice", false));
                }
            }
        }
    }

    @Test
    void aWrongSecretIsAnOrdinaryLoginAndTheOldSessionStillEndsAfterTheGrace() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
            helper.join("chat-rw", "helper");
            BayeuxBrowser first = page("chat-rw");
            assertThat(first.call(SERVICE + "login", Map.of("nick", "bob"))).containsEntry("ok", true);
            helper.awaitPresence(seen("chat-rw", "bob", true));
            first.close();
            try (BayeuxBrowser second = page("chat-rw")) {
                Map<String, Object> refused = second.call(SERVICE + "login",
                        Map.of("nick", "bob", "reclaim", "A".repeat(32)));
                assertThat(refused).containsEntry("ok", false).containsEntry("code", "xmpp_nick_taken");
                String suggestion = String.valueOf(refused.get("suggestion"));
                assertThat(second.call(SERVICE + "login", Map.of("nick", suggestion))).containsEntry("ok", true)
                        .containsEntry("nick", suggestion).doesNotContainKey("reclaimed");
                helper.awaitPresence(seen("chat-rw", suggestion, true));
                helper.awaitPresence(seen("chat-rw", "bob", false));
            }
        }
    }

    @Test
    void afterTheGraceTheSecretIsWorthNothingAndTheLoginIsANewSession() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
            helper.join("chat-rx", "helper");
            BayeuxBrowser first = page("chat-rx");
            Map<String, Object> login = first.call(SERVICE + "login", Map.of("nick", "carol"));
            helper.awaitPresence(seen("chat-rx", "carol", true));
            first.close();
            helper.awaitPresence(seen("chat-rx", "carol", false));
            try (BayeuxBrowser second = page("chat-rx")) {
                // the nick is held until the old session's connection has closed, a moment after it left
                Map<String, Object> again = Awaitility.await().atMost(WAIT).until(() -> second.call(SERVICE + "login",
                        Map.of("nick", "carol", "reclaim", login.get("reclaim"))),
                        m -> !"xmpp_nick_taken".equals(m.get("code")));
                assertThat(again).containsEntry("ok", true).containsEntry("nick", "carol")
                        .doesNotContainKey("reclaimed");
                Awaitility.await("a second join: a new session").atMost(WAIT)
                        .until(() -> count(helper, seen("chat-rx", "carol", true)) == 2);
            }
        }
    }
}
