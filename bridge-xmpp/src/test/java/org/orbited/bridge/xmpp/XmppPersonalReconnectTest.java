package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * A visitor session across a prosody restart (the sibling of IrcPersonalReconnectTest): the browser gets
 * {@code disconnected} (with a code), {@code reconnecting} and {@code connected} status events on its own events
 * channel, the session logs in again by itself (anonymous: a new JID, the same nick) and rejoins its room, and the
 * conversation goes on.
 */
class XmppPersonalReconnectTest {
    @TempDir
    Path dir;

    @Test
    void theSessionComesBackAfterAServerRestartAndTheConversationGoesOn() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp",
                         XmppTestOptions.local(prosody.port(), "mode", "both"))));
                 BayeuxBrowser hal = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
                hal.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
                assertThat(hal.subscribe(XmppTestOptions.room("chat-rc")).isSuccessful()).isTrue();
                assertThat(hal.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "hal")))
                        .containsEntry("ok", true);
                try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                    helper.join("chat-rc", "helper");
                    helper.awaitPresence(p -> "hal".equals(p.nick()) && p.available());
                }

                prosody.restart();
                assertThat(hal.awaitPersonal(m -> "disconnected".equals(m.get("status")))).containsEntry("type",
                        "status").containsEntry("nick", "hal").containsEntry("code", "xmpp_connection_lost");
                hal.awaitPersonal(m -> "reconnecting".equals(m.get("status")));
                hal.awaitPersonal(m -> "connected".equals(m.get("status")));
                // rejoined by itself: a second join event for the room
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> hal.personal
                        .stream().filter(m -> "join".equals(m.get("type")) && "chat-rc".equals(m.get("channel")))
                        .count() >= 2);

                try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                    helper.join("chat-rc", "helper");
                    assertThat(helper.occupants("chat-rc")).contains("hal");
                    assertThat(hal.say("chat-rc", "still here")).containsEntry("ok", true);
                    assertThat(helper.awaitLine("chat-rc", "still here").nick()).isEqualTo("hal");
                    helper.sendPrivate("chat-rc", "hal", "welcome back");
                    hal.awaitPersonal(m -> "welcome back".equals(m.get("text")));
                }
            }
        }
    }
}
