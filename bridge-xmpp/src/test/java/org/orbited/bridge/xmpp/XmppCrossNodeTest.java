package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.cometd.bayeux.Message;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.BridgeChannelNames;

/**
 * One prosody and two nodes running the bridge with the same section but each its own account (prosody makes
 * sessions of one account under one nick a single occupant, so only separate accounts show the nick fallback: the
 * second node's occupant becomes {@code bridge1}): relay-mode visitors on both nodes and a plain Smack client in
 * one room, and mirror mode carrying a plain Bayeux channel across the nodes through a hidden, password-protected
 * room, exactly once and in order.
 */
class XmppCrossNodeTest {
    static final String SECRET = "cross-node-test-secret-0123456789abcdef";
    static final String KEY = "k3y-room-password";

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode nodeA;
    static RunningNode nodeB;
    static EntityBareJid mirrorRoom;

    static Map<String, String> section(int port, String account) {
        return XmppTestOptions.local(port, "sasl.user", account, "rooms", "*", "mirror", "/chat/**",
                "mirror.secret", SECRET, "mirror.key", KEY, "mirror.rate", "2000", "mirror.burst", "1000");
    }

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("bridgeb", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        nodeA = RunningNode.start(b -> b.plugins(Map.of("xmpp", section(prosody.port(), "bridge"))));
        nodeB = RunningNode.start(b -> b.plugins(Map.of("xmpp", section(prosody.port(), "bridgeb"))));
        mirrorRoom = XmppMirror.carrierRoom(XmppOptions.parse("xmpp", section(prosody.port(), "bridge")),
                "/chat/room");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, prosody}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static Predicate<Map<String, Object>> said(String sender) {
        return m -> "message".equals(m.get("type")) && sender.equals(m.get("sender"));
    }

    @Test
    void relayVisitorsOnTwoNodesAndASmackClientShareOneRoom() throws Exception {
        String room = XmppTestOptions.room("chat-xnode");
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser a = new BayeuxBrowser(nodeA.httpPort(), XmppTestOptions.SAY);
             BayeuxBrowser b = new BayeuxBrowser(nodeB.httpPort(), XmppTestOptions.SAY)) {
            helper.join("chat-xnode", "helper");
            assertThat(a.subscribe(room).isSuccessful()).isTrue();
            a.await(type("names"));
            helper.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());
            // Node B's occupant: same nick, another account: the room refuses the nick, the occupant takes bridge1.
            assertThat(b.subscribe(room).isSuccessful()).isTrue();
            b.await(type("names"));
            helper.awaitPresence(p -> "bridge1".equals(p.nick()) && p.available());
            a.await(m -> "join".equals(m.get("type")) && "bridge1".equals(m.get("sender")));

            assertThat(a.say("chat-xnode", "from node A", "name", "alice")).containsEntry("ok", true);
            assertThat(b.say("chat-xnode", "from node B é", "name", "bob")).containsEntry("ok", true);
            assertThat(helper.awaitLine("chat-xnode", "<alice_web> from node A").nick()).isEqualTo("bridge");
            assertThat(helper.awaitLine("chat-xnode", "<bob_web> from node B é").nick()).isEqualTo("bridge1");

            // Each browser sees the other's words as the other occupant's message, and its own once, canonically.
            assertThat(b.await(said("bridge"))).containsEntry("text", "<alice_web> from node A")
                    .containsEntry("channel", "chat-xnode");
            assertThat(a.await(said("bridge1"))).containsEntry("text", "<bob_web> from node B é");
            assertThat(a.await(said("alice_web"))).containsEntry("text", "from node A").containsEntry("relay", true);
            assertThat(b.await(said("bob_web"))).containsEntry("text", "from node B é");
            helper.say("chat-xnode", "hello both");
            a.await(m -> "hello both".equals(m.get("text")));
            b.await(m -> "hello both".equals(m.get("text")));
            assertThat(a.matching(m -> String.valueOf(m.get("text")).contains("from node A"))).hasSize(1);
            assertThat(b.matching(m -> String.valueOf(m.get("text")).contains("from node B"))).hasSize(1);
            assertThat(a.matching(m -> "hello both".equals(m.get("text")))).hasSize(1);
            assertThat(b.matching(m -> "hello both".equals(m.get("text")))).hasSize(1);
        }
    }

    @Test
    void mirrorCarriesAPlainBayeuxChannelAcrossNodesExactlyOnceAndNothingElse() throws Exception {
        String chat = "/chat/room";
        List<String[]> watched = new CopyOnWriteArrayList<>();  // {sender, body} seen in the mirror room
        try (SmackClient watcher = SmackClient.anonymous(prosody);
             BayeuxBrowser a = new BayeuxBrowser(nodeA.httpPort());
             BayeuxBrowser b = new BayeuxBrowser(nodeB.httpPort())) {
            assertThat(a.subscribe(chat).isSuccessful()).isTrue();
            assertThat(b.subscribe(chat).isSuccessful()).isTrue();
            // Both occupants are in the mirror room, which is hidden and password-protected.
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> MultiUserChatManager
                    .getInstanceFor(watcher.connection()).getRoomInfo(mirrorRoom).getOccupantsCount() == 2);
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(watcher.connection()).discoverInfo(mirrorRoom);
            assertThat(info.containsFeature("muc_hidden")).isTrue();
            assertThat(info.containsFeature("muc_passwordprotected")).isTrue();
            assertThat(info.containsFeature("muc_temporary")).isTrue();
            // Without the room password nobody gets in; with it, the watcher sees both occupants.
            try {
                XmppMirrorRoom.enter(watcher.connection(), mirrorRoom, "intruder", null, 5000, ignore());
                throw new AssertionError("entered the mirror room without its password");
            } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException refused) {
                assertThat(refused.getStanzaError().getCondition())
                        .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.not_authorized);
            }
            XmppMirrorRoom watch = XmppMirrorRoom.enter(watcher.connection(), mirrorRoom, "watcher", KEY, 5000,
                    recorder(watched));
            assertThat(watch.created()).isFalse();
            // Each node's occupant has a nick of its own in mirror rooms: nick, a dash, 6 characters of its origin.
            // (Smack may add the watcher's own entry a moment after enter returned: wait for it, bounded)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MultiUserChatManager
                    .getInstanceFor(watcher.connection()).getMultiUserChat(mirrorRoom).getOccupants())
                    .extracting(j -> j.getResourcepart().toString())
                    .hasSize(3).contains("watcher").filteredOn(n -> !n.equals("watcher"))
                    .allMatch(n -> n.matches("bridge-[a-z2-7]{6}")));

            int perSide = 100;
            String large = "large 😀 é " + "0123456789 ".repeat(300);  // ~3.3 KB: still one body
            List<Map<String, Object>> sentA = new ArrayList<>();
            List<Map<String, Object>> sentB = new ArrayList<>();
            for (int i = 0; i < perSide; i++) {
                String text = i == 50 ? large : i == 7 ? "not XML: \uFFFE\uFFFF, invisible: a\u200Bb\u2028c"
                        : i % 10 == 3 ? "ünïcødé 𝄞 <b>&amp;</b> " + i : "msg " + i;
                Map<String, Object> da = Map.of("from", "A", "n", i, "text", text);
                Map<String, Object> db = Map.of("from", "B", "n", i, "text", text);
                assertThat(a.publish(chat, da).isSuccessful()).isTrue();
                assertThat(b.publish(chat, db).isSuccessful()).isTrue();
                sentA.add(da);
                sentB.add(db);
            }
            Predicate<Map<String, Object>> fromA = m -> "A".equals(m.get("from"));
            Predicate<Map<String, Object>> fromB = m -> "B".equals(m.get("from"));
            await().atMost(Duration.ofSeconds(60)).until(() -> count(b, fromA) >= perSide
                    && count(a, fromB) >= perSide);
            // No echo, no duplicate: the counts stay exact over a quiet period.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                    count(a, fromA) == perSide && count(a, fromB) == perSide
                            && count(b, fromA) == perSide && count(b, fromB) == perSide);
            // Exactly the data sent, in order per node, the large one, markup and non-XML characters included.
            assertThat(b.received.stream().filter(fromA).map(XmppCrossNodeTest::key).toList())
                    .containsExactlyElementsOf(sentA.stream().map(XmppCrossNodeTest::key).toList());
            assertThat(a.received.stream().filter(fromB).map(XmppCrossNodeTest::key).toList())
                    .containsExactlyElementsOf(sentB.stream().map(XmppCrossNodeTest::key).toList());
            // One body per message in the room: what the watcher saw is 200 frames, each 1/1.
            await().atMost(Duration.ofSeconds(10)).until(() -> watched.size() >= 2 * perSide);
            assertThat(watched).allMatch(w -> w[1].matches("(?s)OM2 [a-z2-7]{16} [0-9]+ 1/1 [A-Za-z0-9_-]{43} .*\\.")
                    && w[1].contains(" /chat/room {"));

            // A person in the room and a forged frame reach no browser.
            watch.send("hello humans");
            watch.send("OM2 abcdefghijklmnop 1 1/1 " + "A".repeat(43) + " " + System.currentTimeMillis()
                    + " /chat/room {\"from\":\"forged\"}.");
            assertThat(a.publish(chat, Map.of("from", "A", "marker", true)).isSuccessful()).isTrue();
            b.await(m -> Boolean.TRUE.equals(m.get("marker")));
            assertThat(b.publish(chat, Map.of("from", "B", "marker", true)).isSuccessful()).isTrue();
            a.await(m -> Boolean.TRUE.equals(m.get("marker")) && "B".equals(m.get("from")));
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() ->
                    a.received.stream().noneMatch(XmppCrossNodeTest::foreign)
                            && b.received.stream().noneMatch(XmppCrossNodeTest::foreign));

            // Over mirror.max_bytes: refused before anyone receives it.
            Message big = a.publish(chat, Map.of("from", "A", "text", "x".repeat(5000)));
            assertThat(big.isSuccessful()).isFalse();
            assertThat(String.valueOf(big.get("error"))).isEqualTo("403:xmpp_mirror_too_large:publish_denied");

            // The mirror room is no room for browsers, even with the allowlist "*".
            String carrier = XmppTestOptions.room(BridgeChannelNames.escape(mirrorRoom.getLocalpart().toString()));
            Message sub = a.subscribe(carrier);
            assertThat(sub.isSuccessful()).isFalse();
            assertThat(String.valueOf(sub.get("error"))).contains("xmpp_mirror_channel");

            assertThat(a.publish(chat, Map.of("from", "A", "marker", "last")).isSuccessful()).isTrue();
            b.await(m -> "last".equals(m.get("marker")));
            assertThat(b.received).noneMatch(m -> String.valueOf(m.get("text")).startsWith("xxxx"));
            assertThat(a.received).noneMatch(m -> String.valueOf(m.get("text")).startsWith("xxxx"));
            watch.leave();
        }
    }

    /** Room events recorded as {sender, body}. */
    static XmppMirrorRoom.Events recorder(List<String[]> into) {
        return new XmppMirrorRoom.Events() {
            @Override
            public void body(XmppMirrorRoom room, String sender, String body, boolean delayed) {
                if (!room.nick().equals(sender)) {
                    into.add(new String[] {sender, body});
                }
            }

            @Override
            public void removed(XmppMirrorRoom room, String why) {
            }
        };
    }

    static XmppMirrorRoom.Events ignore() {
        return recorder(new ArrayList<>());
    }

    private static String key(Map<String, Object> m) {
        return m.get("from") + "|" + m.get("n") + "|" + m.get("text") + "|" + m.size();
    }

    private static boolean foreign(Map<String, Object> m) {
        return "forged".equals(m.get("from")) || String.valueOf(m).contains("hello humans");
    }

    private static long count(BayeuxBrowser b, Predicate<Map<String, Object>> p) {
        return b.received.stream().filter(m -> !m.containsKey("marker")).filter(p).count();
    }
}
