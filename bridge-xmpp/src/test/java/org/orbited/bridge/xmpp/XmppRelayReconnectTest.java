package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * prosody stopped and started on the same port: the browser sees the link's status events in IRC's order, the
 * bridge logs in again and rejoins the room by itself (the non-persistent room is created again), and the
 * conversation with a Smack client goes on both ways.
 */
class XmppRelayReconnectTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        node = XmppTestOptions.startNode(prosody);
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    static Predicate<Map<String, Object>> status(String status) {
        return m -> "status".equals(m.get("type")) && status.equals(m.get("status"));
    }

    @Test
    void theBridgeComesBackAndTheConversationGoesOn() throws Exception {
        String room = XmppTestOptions.room("lobby");
        try (BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("lobby", "helper");
                browser.subscribe(room);
                browser.await(type("names"));
                assertThat(browser.say("lobby", "before", "name", "rita")).containsEntry("ok", true);
                helper.awaitLine("lobby", "<rita_web> before");
                browser.await(m -> "before".equals(m.get("text")));

                prosody.stop();
                Map<String, Object> down = browser.await(status("disconnected"));
                assertThat(down).containsEntry("channel", "lobby").containsEntry("code", "xmpp_connection_lost");
                assertThat(String.valueOf(browser.await(status("reconnecting")).get("text"))).startsWith("in ");
                assertThat(browser.say("lobby", "while down", "name", "rita")).containsEntry("ok", false)
                        .containsEntry("code", "xmpp_not_connected");
            }
            int before = browser.matching(type("names")).size();
            prosody.start();
            browser.await(status("connected"));
            // The bridge rejoined by itself: the new member list is published.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> browser.matching(type("names")).size() > before);
            try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("lobby", "helper");
                browser.await(m -> "join".equals(m.get("type")) && "helper".equals(m.get("sender")));
                assertThat(browser.say("lobby", "after", "name", "rita")).containsEntry("ok", true);
                helper.awaitLine("lobby", "<rita_web> after");
                helper.say("lobby", "welcome back");
                browser.await(m -> "welcome back".equals(m.get("text")));
            }
            assertThat(browser.matching(m -> "after".equals(m.get("text")))).hasSize(1);
            assertThat(browser.matching(m -> "before".equals(m.get("text")))).hasSize(1);
        }
    }
}
