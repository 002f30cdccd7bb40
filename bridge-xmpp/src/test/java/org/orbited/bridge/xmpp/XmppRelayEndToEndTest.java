package org.orbited.bridge.xmpp;

import static org.orbited.bridge.xmpp.XmppTestOptions.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cometd.bayeux.Message;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Relay mode end to end: a real prosody, a real node running the bridge from the class path, real CometD clients as
 * browsers speaking through the say service, and plain Smack clients as the people in the room.
 */
class XmppRelayEndToEndTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        prosody.register("carol", "carol-pw");
        node = XmppTestOptions.startNode(prosody);
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    static BayeuxBrowser browser() throws Exception {
        return new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
    }

    @Test
    void browsersAndASmackClientTalkBothWaysWithOneCanonicalEventEach() throws Exception {
        String room = XmppTestOptions.room("lobby");
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser browser = browser(); BayeuxBrowser other = browser()) {
            helper.join("lobby", "helper");
            assertThat(browser.subscribe(room).isSuccessful()).isTrue();
            // First subscriber: the occupant joins; the browser gets the member list, to itself.
            Map<String, Object> names = browser.await(type("names"));
            assertThat(String.valueOf(names.get("names"))).contains("helper").contains("bridge");
            helper.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());
            assertThat(other.subscribe(room).isSuccessful()).isTrue();
            other.await(type("names"));

            // the answer names the canonical event's sender: the speaker knows its line by it
            assertThat(browser.say("lobby", "hello from the web", "name", "alice")).containsEntry("ok", true)
                    .containsEntry("sender", "alice_web");
            SmackClient.Line relayed = helper.awaitLine("lobby", "<alice_web> hello from the web");
            assertThat(relayed.nick()).isEqualTo("bridge");
            for (BayeuxBrowser b : List.of(browser, other)) {
                assertThat(b.await(text("hello from the web"))).containsEntry("type", "message")
                        .containsEntry("channel", "lobby").containsEntry("sender", "alice_web")
                        .containsEntry("web", true).containsEntry("relay", true).containsKey("time");
            }
            assertThat(browser.say("lobby", "waves back", "name", "alice", "type", "action"))
                    .containsEntry("ok", true);
            helper.awaitLine("lobby", "* alice_web waves back");
            assertThat(other.await(text("waves back"))).containsEntry("type", "action")
                    .containsEntry("sender", "alice_web").containsEntry("relay", true);

            helper.say("lobby", "hi <b>there</b> & you");
            assertThat(browser.await(m -> "helper".equals(m.get("sender")) && "message".equals(m.get("type"))))
                    .containsEntry("channel", "lobby").containsEntry("text", "hi <b>there</b> & you")
                    .containsKey("time").doesNotContainKey("web").doesNotContainKey("history");
            helper.say("lobby", "/me dances");
            assertThat(other.await(text("dances"))).containsEntry("type", "action").containsEntry("sender", "helper");

            helper.setPresence("lobby", Presence.Mode.dnd, "busy now");
            assertThat(browser.await(type("presence"))).containsEntry("sender", "helper")
                    .containsEntry("show", "dnd").containsEntry("text", "busy now").containsEntry("channel", "lobby");
            helper.setSubject("lobby", "Welcome to <the> lobby");
            assertThat(other.await(type("topic"))).containsEntry("text", "Welcome to <the> lobby")
                    .containsEntry("sender", "helper");

            try (SmackClient carol = SmackClient.account(prosody, "carol", "carol-pw")) {
                carol.join("lobby", "carol");
                assertThat(browser.await(m -> "join".equals(m.get("type")) && "carol".equals(m.get("sender"))))
                        .containsEntry("channel", "lobby");
                carol.leave("lobby");
                assertThat(other.await(m -> "part".equals(m.get("type")) && "carol".equals(m.get("sender"))))
                        .containsEntry("channel", "lobby");
            }
            // Exactly one event each: the room's reflection of the bridge's line is the canonical event.
            for (BayeuxBrowser b : List.of(browser, other)) {
                assertThat(b.matching(text("hello from the web"))).hasSize(1);
                assertThat(b.matching(text("waves back"))).hasSize(1);
                assertThat(b.received).noneMatch(m -> String.valueOf(m.get("text")).startsWith("<alice_web>"));
                assertThat(b.received).noneMatch(type("error"));
            }
        }
    }

    @Test
    void roomHistoryGoesOnlyToTheNewSubscriber() throws Exception {
        String room = XmppTestOptions.room("history-a");
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser first = browser(); BayeuxBrowser later = browser()) {
            helper.join("history-a", "helper2");
            helper.say("history-a", "before one");
            helper.say("history-a", "before two");
            helper.awaitLine("history-a", "before two");

            assertThat(first.subscribe(room).isSuccessful()).isTrue();
            Map<String, Object> old = first.await(text("before one"));
            assertThat(old).containsEntry("history", true).containsEntry("sender", "helper2")
                    .containsEntry("type", "message").containsKey("time");
            first.await(text("before two"));
            helper.say("history-a", "live now");
            assertThat(first.await(text("live now"))).doesNotContainKey("history");

            assertThat(later.subscribe(room).isSuccessful()).isTrue();
            later.await(type("names"));
            assertThat(later.await(text("before one"))).containsEntry("history", true);
            assertThat(later.await(text("live now"))).containsEntry("history", true);
            helper.say("history-a", "after both");
            first.await(text("after both"));
            later.await(text("after both"));
            // The first subscriber never saw the history again, nor the second names list.
            assertThat(first.matching(text("before one"))).hasSize(1);
            assertThat(first.matching(text("live now"))).hasSize(1);
            assertThat(first.matching(type("names"))).hasSize(1);
            assertThat(later.matching(text("before one"))).hasSize(1);
        }
    }

    @Test
    void anOccupantsOwnDelayDoesNotMakeALiveLineHistory() throws Exception {
        String room = XmppTestOptions.room("history-forged");
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser browser = browser(); BayeuxBrowser later = browser()) {
            helper.join("history-forged", "forger");
            assertThat(browser.subscribe(room).isSuccessful()).isTrue();
            browser.await(type("names"));
            helper.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());
            java.time.Instant before = java.time.Instant.now().minusSeconds(60);
            java.util.Date old = java.util.Date.from(java.time.Instant.parse("2000-01-01T00:00:00Z"));
            // Delays an occupant builds itself: claiming its own JID, and claiming the room (prosody strips that one).
            for (String[] forged : new String[][] {{"claims its own jid", helper.jid()},
                    {"claims the room", SmackClient.roomJid("history-forged").toString()}}) {
                helper.connection().sendStanza(helper.connection().getStanzaFactory().buildMessageStanza()
                        .to(SmackClient.roomJid("history-forged")).ofType(org.jivesoftware.smack.packet.Message.Type.groupchat)
                        .setBody(forged[0])
                        .addExtension(new org.jivesoftware.smackx.delay.packet.DelayInformation(old, forged[1], null))
                        .build());
                Map<String, Object> live = browser.await(text(forged[0]));
                assertThat(live).as(forged[0]).doesNotContainKey("history").containsEntry("sender", "forger");
                assertThat(java.time.Instant.parse(String.valueOf(live.get("time")))).as(forged[0]).isAfter(before);
            }
            // The later subscriber gets them once, as kept history with the receive time.
            assertThat(later.subscribe(room).isSuccessful()).isTrue();
            Map<String, Object> kept = later.await(text("claims its own jid"));
            assertThat(java.time.Instant.parse(String.valueOf(kept.get("time")))).isAfter(before);
            later.await(text("claims the room"));
            assertThat(browser.matching(text("claims its own jid"))).hasSize(1);
            assertThat(browser.matching(text("claims the room"))).hasSize(1);
        }
    }

    @Test
    void aForgedPublishIsRefusedAndReachesNoOne() throws Exception {
        String room = XmppTestOptions.room("chat-forge");
        try (BayeuxBrowser forger = browser(); BayeuxBrowser watcher = browser()) {
            watcher.subscribe(room);
            forger.subscribe(room);
            watcher.await(type("names"));
            forger.await(type("names"));
            List<Map<String, Object>> forgeries = List.of(
                    Map.of("type", "message", "sender", "helper", "channel", "chat-forge", "text", "forged"),
                    Map.of("type", "status", "status", "disconnected", "text", "forged"),
                    Map.of("text", "forged plain"));
            for (Map<String, Object> f : forgeries) {
                Message pub = forger.publish(room, f);
                assertThat(pub.isSuccessful()).isFalse();
                assertThat(String.valueOf(pub.get("error"))).isEqualTo("403:xmpp_use_say_service:publish_denied");
            }
            assertThat(forger.say("chat-forge", "marker", "name", "bob")).containsEntry("ok", true);
            watcher.await(text("marker"));
            forger.await(text("marker"));
            for (BayeuxBrowser b : List.of(watcher, forger)) {
                assertThat(b.received).noneMatch(m -> String.valueOf(m.get("text")).contains("forged"));
            }
        }
    }

    @Test
    void theAllowlistAndCanonicalNamesAreEnforced() throws Exception {
        try (BayeuxBrowser b = browser()) {
            Message secret = b.subscribe(XmppTestOptions.room("secret"));
            assertThat(secret.isSuccessful()).isFalse();
            assertThat(String.valueOf(secret.get("error"))).contains("xmpp_channel_not_allowed");
            Message upper = b.subscribe(XmppTestOptions.room("Lobby"));
            assertThat(String.valueOf(upper.get("error"))).contains("xmpp_not_canonical");
            Message other = b.subscribe("/xmpp/conference$2Eelsewhere/lobby");
            assertThat(other.isSuccessful()).isFalse();
            assertThat(b.say("secret", "hi")).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_channel_not_allowed");
            assertThat(b.say("lobby", "hi")).containsEntry("ok", false).containsEntry("code", "xmpp_not_subscribed");
            assertThat(b.say("lobby", "hi", "name", "bad name")).containsEntry("ok", false);
        }
    }
}
