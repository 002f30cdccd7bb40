package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.Map;
import org.cometd.bayeux.Message;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * The occupant's life in a room, against a real prosody: a taken nick (it joins as {@code bridge1} and still
 * relays), a kick by the room's owner (kick event, {@code kicked} status, rejoin by itself, conversation goes on),
 * the leave after {@code join.grace} and the join for the next subscriber, {@code join.max}, and one section per
 * MUC service in a node.
 */
class XmppRoomLifecycleEndToEndTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("owner", "owner-pw");
        node = XmppTestOptions.startNode(prosody);
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    @Test
    void aTakenNickMakesTheOccupantJoinAsNick1() throws Exception {
        try (SmackClient squatter = SmackClient.account(prosody, "owner", "owner-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            squatter.join("chat-taken", "bridge");
            browser.subscribe(XmppTestOptions.room("chat-taken"));
            assertThat(String.valueOf(browser.await(type("names")).get("names"))).contains("bridge1");
            assertThat(browser.say("chat-taken", "still relayed", "name", "nia")).containsEntry("ok", true);
            assertThat(squatter.awaitLine("chat-taken", "<nia_web> still relayed").nick()).isEqualTo("bridge1");
            browser.await(m -> "still relayed".equals(m.get("text")) && Boolean.TRUE.equals(m.get("relay")));
        }
    }

    @Test
    void kickedTheOccupantRejoinsAndTheConversationGoesOn() throws Exception {
        try (SmackClient owner = SmackClient.account(prosody, "owner", "owner-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            MultiUserChat room = owner.join("chat-kick", "boss");  // creates the room: boss is its owner
            browser.subscribe(XmppTestOptions.room("chat-kick"));
            browser.await(type("names"));
            owner.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());

            room.kickParticipant(Resourcepart.from("bridge"), "out you go");
            Map<String, Object> kicked = browser.await(m -> "status".equals(m.get("type"))
                    && "kicked".equals(m.get("status")));
            assertThat(kicked).containsEntry("code", "xmpp_kicked").containsEntry("channel", "chat-kick");
            assertThat(String.valueOf(kicked.get("text"))).contains("out you go");
            // A line said now is held for the rejoin, which the occupant makes by itself (1 s later).
            assertThat(browser.say("chat-kick", "back in", "name", "kai")).containsEntry("ok", true);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                    owner.presences.stream().filter(q -> "bridge".equals(q.nick()) && q.available()).count() >= 2);
            owner.awaitLine("chat-kick", "<kai_web> back in");
            owner.say("chat-kick", "welcome back");
            browser.await(m -> "welcome back".equals(m.get("text")));
        }
    }

    @Test
    void aVisitorSessionCannotSpeakWhereTheOccupantIsBanned() throws Exception {
        String service = "xmpp/conference$2Elocalhost/";
        try (RunningNode both = RunningNode.start(b -> b.plugins(Map.of("xmpp.both",
                XmppTestOptions.local(prosody.port(), "nick", "bridge", "mode", "both"))));
             SmackClient owner = SmackClient.account(prosody, "owner", "owner-pw");
             BayeuxBrowser browser = new BayeuxBrowser(both.httpPort(), XmppTestOptions.SAY)) {
            MultiUserChat room = owner.join("chat-ban", "boss");  // creates the room: boss is its owner
            browser.listenPersonal("/service/" + service + "events");
            assertThat(browser.subscribe(XmppTestOptions.room("chat-ban")).isSuccessful()).isTrue();
            browser.await(type("names"));
            assertThat(browser.call(service + "login", Map.of("nick", "vic"))).containsEntry("ok", true);
            assertThat(browser.say("chat-ban", "while the bridge reads")).containsEntry("ok", true);
            browser.await(m -> "while the bridge reads".equals(m.get("text")));

            room.banUser(org.jxmpp.jid.impl.JidCreate.from("bridge@" + ProsodyServer.DOMAIN), "no bots");
            browser.await(m -> "status".equals(m.get("type")) && "join_refused".equals(m.get("status")));
            // The occupant, the only reader, is out: the line would reach no browser. Refused at the call.
            assertThat(browser.say("chat-ban", "nobody would see this")).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_join_refused");
            assertThat(owner.matching(owner.lines, l -> "nobody would see this".equals(l.body()))).isEmpty();
        }
    }

    @Test
    void theOccupantLeavesAfterTheGraceAndComesBackForTheNextSubscriber() throws Exception {
        try (SmackClient owner = SmackClient.account(prosody, "owner", "owner-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            owner.join("chat-grace", "keeper");
            browser.subscribe(XmppTestOptions.room("chat-grace"));
            browser.await(type("names"));
            owner.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());
            browser.unsubscribe(XmppTestOptions.room("chat-grace"));
            // join.grace is 500ms in these tests: then the room sees the occupant leave
            owner.awaitPresence(p -> "bridge".equals(p.nick()) && !p.available());
            browser.subscribe(XmppTestOptions.room("chat-grace"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                    browser.matching(type("names")).size() == 2);
            assertThat(browser.say("chat-grace", "again", "name", "gil")).containsEntry("ok", true);
            owner.awaitLine("chat-grace", "<gil_web> again");
        }
    }

    @Test
    void joinMaxCapsTheRoomsABrowserCanMakeTheOccupantJoin() throws Exception {
        try (RunningNode small = RunningNode.start(b -> b.plugins(Map.of("xmpp.small",
                XmppTestOptions.local(prosody.port(), "nick", "small", "join.max", "1", "join.grace", "1h"))));
             BayeuxBrowser browser = new BayeuxBrowser(small.httpPort(), XmppTestOptions.SAY)) {
            assertThat(browser.subscribe(XmppTestOptions.room("chat-one")).isSuccessful()).isTrue();
            browser.await(type("names"));
            Message second = browser.subscribe(XmppTestOptions.room("chat-two"));
            assertThat(second.isSuccessful()).isFalse();
            assertThat(String.valueOf(second.get("error"))).startsWith("403:xmpp_too_many_channels");
        }
    }

    @Test
    void twoSectionsForOneMucServiceInOneNodeStartOnlyOne() throws Exception {
        // The second section's start fails ("muc: conference.localhost is served already by [plugin:xmpp.one]"):
        // only one occupant ever joins for this node, though both sections are active.
        try (RunningNode twice = RunningNode.start(b -> b.plugins(Map.of(
                "xmpp.one", XmppTestOptions.local(prosody.port(), "nick", "one"),
                "xmpp.two", XmppTestOptions.local(prosody.port(), "nick", "two"))));
             SmackClient owner = SmackClient.account(prosody, "owner", "owner-pw");
             BayeuxBrowser browser = new BayeuxBrowser(twice.httpPort(), XmppTestOptions.SAY)) {
            owner.join("chat-twice", "watcher");
            assertThat(browser.subscribe(XmppTestOptions.room("chat-twice")).isSuccessful()).isTrue();
            browser.await(type("names"));
            assertThat(browser.say("chat-twice", "once", "name", "olga")).containsEntry("ok", true);
            owner.awaitLine("chat-twice", "<olga_web> once");
            assertThat(owner.presences.stream().map(SmackClient.Seen::nick).filter(n -> n.equals("one")
                    || n.equals("two")).distinct()).hasSize(1);
        }
    }
}
