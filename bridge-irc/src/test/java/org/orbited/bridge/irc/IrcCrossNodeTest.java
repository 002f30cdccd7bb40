package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.bridge.common.mirror.MirrorRoutes;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.BridgeChannelNames;

/**
 * Two ngircd servers linked into one network and two nodes, node A on irc-a and node B on irc-b, each running the
 * bridge with the same section (same nick: the second takes another one): relay mode and personal connections
 * across nodes, and mirror mode carrying a plain Bayeux channel across them, exactly once.
 */
class IrcCrossNodeTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SECRET = "cross-node-test-secret-0123456789abcdef";
    static final String KEY = "k3y";

    @TempDir
    static Path dir;
    static NgircdServer.Linked ircd;
    static RunningNode nodeA;
    static RunningNode nodeB;
    static String mirrorChannel;

    static Map<String, String> section(int port) {
        return IrcTestOptions.local(port, "channels", "#*", "mirror", "/chat/**", "mirror.secret", SECRET,
                "mirror.key", KEY, "mirror.rate", "2000", "mirror.burst", "1000");
    }

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.startLinked(dir);
        try (RawIrcClient probe = RawIrcClient.connect("probe", ircd.a().port());
             RawIrcClient probeB = RawIrcClient.connect("probeb", ircd.b().port())) {
            awaitLink(probe, "irc-b.test.local");
            nodeA = RunningNode.start(b -> b.plugins(Map.of("irc.local", section(ircd.a().port()))));
            awaitIson(probe, "bridge");
            // server b must know node A's "bridge" before node B registers there: otherwise both servers accept
            // "bridge" for a moment and the collision across the link kills and reconnects the two bridges
            awaitIson(probeB, "bridge");
            // Same section, same nick: node B's bridge is refused "bridge" (433) and registers as another nick.
            nodeB = RunningNode.start(b -> b.plugins(Map.of("irc.local", section(ircd.b().port()))));
            awaitIson(probe, "bridge1");
        }
        mirrorChannel = new MirrorRoutes(IrcOptions.parse("irc.local", section(1)).mirror()).route("/chat/room")
                .carrier();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, ircd}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void relayModeVisitorsOnTwoNodesAndAnIrcUserShareOneChannel() throws Exception {
        String chan = "/irc/local/$23xnode";
        try (RawIrcClient helper = RawIrcClient.connect("helper", ircd.b().port());
             BayeuxBrowser a = new BayeuxBrowser(nodeA.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser b = new BayeuxBrowser(nodeB.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#xnode");
            assertThat(a.subscribe(chan).isSuccessful()).isTrue();
            assertThat(b.subscribe(chan).isSuccessful()).isTrue();
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#xnode"), WAIT);
            helper.await(l -> l.startsWith(":bridge1!") && l.endsWith(" JOIN :#xnode"), WAIT);
            awaitNames(helper, "#xnode", "bridge");
            awaitNames(helper, "#xnode", "bridge1");

            assertThat(a.say("#xnode", "from node A", "name", "alice")).containsEntry("ok", true);
            assertThat(b.say("#xnode", "from node B é", "name", "bob")).containsEntry("ok", true);
            byte[] fromA = helper.await(l -> l.contains(" PRIVMSG #xnode :<alice_web>"), WAIT);
            byte[] fromB = helper.await(l -> l.contains(" PRIVMSG #xnode :<bob_web>"), WAIT);
            assertThat(fromA).endsWith(" PRIVMSG #xnode :<alice_web> from node A".getBytes(StandardCharsets.UTF_8));
            // Which node holds "bridge" and which "bridge1" is the IRC network's choice (node B is refused
            // "bridge" at registration, but a nick collision across the two linked servers or a nick regain may
            // swap them): each node speaks as one of the two, never both as the same.
            String nickA = new String(fromA, StandardCharsets.UTF_8).startsWith(":bridge!") ? "bridge" : "bridge1";
            String nickB = nickA.equals("bridge") ? "bridge1" : "bridge";
            assertThat(new String(fromA, StandardCharsets.UTF_8)).startsWith(":" + nickA + "!");
            assertThat(fromB).endsWith(" PRIVMSG #xnode :<bob_web> from node B é".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(fromB, StandardCharsets.UTF_8)).startsWith(":" + nickB + "!");

            // Each browser sees the other's words as the other bridge's IRC message, and its own once, from Bayeux.
            assertThat(b.await(m -> "message".equals(m.get("type")) && nickA.equals(m.get("sender"))))
                    .containsEntry("text", "<alice_web> from node A");
            assertThat(a.await(m -> "message".equals(m.get("type")) && nickB.equals(m.get("sender"))))
                    .containsEntry("text", "<bob_web> from node B é");
            helper.send("PRIVMSG #xnode :hello both");
            a.await(m -> "hello both".equals(m.get("text")));
            b.await(m -> "hello both".equals(m.get("text")));
            assertThat(a.received.stream().filter(m -> String.valueOf(m.get("text")).contains("from node A"))).hasSize(1);
            assertThat(b.received.stream().filter(m -> String.valueOf(m.get("text")).contains("from node B"))).hasSize(1);
        }
    }

    @Test
    void personalConnectionsOnTwoNodesTalkInOneChannelAndPrivateMessagesReachOnlyTheirTarget() throws Exception {
        String chan = "/irc/local/$23pchat";
        String events = "/service/irc/local/events";
        try (BayeuxBrowser alice = new BayeuxBrowser(nodeA.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser bob = new BayeuxBrowser(nodeB.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser carol = new BayeuxBrowser(nodeB.httpPort(), IrcTestOptions.SAY)) {
            for (BayeuxBrowser x : List.of(alice, bob, carol)) {
                x.listenPersonal(events);
                assertThat(x.subscribe(chan).isSuccessful()).isTrue();
            }
            assertThat(alice.call("irc/local/login", Map.of("nick", "alice"))).containsEntry("ok", true);
            assertThat(bob.call("irc/local/login", Map.of("nick", "bob"))).containsEntry("ok", true);
            assertThat(carol.call("irc/local/login", Map.of("nick", "carol"))).containsEntry("ok", true);
            // Node B's bridge has seen alice (on the other server) join before anyone speaks.
            bob.await(m -> "join".equals(m.get("type")) && "alice".equals(m.get("sender")));
            alice.await(m -> "join".equals(m.get("type")) && "bob".equals(m.get("sender")));

            assertThat(alice.say("#pchat", "hi from alice")).containsEntry("ok", true);
            assertThat(bob.await(m -> "message".equals(m.get("type")) && "alice".equals(m.get("sender"))))
                    .containsEntry("text", "hi from alice").containsEntry("channel", "#pchat");
            assertThat(bob.say("#pchat", "waves", "type", "action")).containsEntry("ok", true);
            assertThat(alice.await(m -> "action".equals(m.get("type")) && "bob".equals(m.get("sender"))))
                    .containsEntry("text", "waves");

            assertThat(alice.call("irc/local/privmsg", Map.of("to", "bob", "text", "psst bob"))).containsEntry("ok", true);
            assertThat(bob.awaitPersonal(m -> "psst bob".equals(m.get("text")))).containsEntry("sender", "alice");
            // Bayeux keeps per-client order: a marker to carol after the PM proves carol would have it by now.
            assertThat(alice.call("irc/local/privmsg", Map.of("to", "carol", "text", "marker"))).containsEntry("ok", true);
            carol.awaitPersonal(m -> "marker".equals(m.get("text")));
            assertThat(carol.personal).noneMatch(m -> String.valueOf(m.get("text")).contains("psst"));
            assertThat(carol.received).noneMatch(m -> String.valueOf(m.get("text")).contains("psst"));
            assertThat(bob.received).noneMatch(m -> String.valueOf(m.get("text")).contains("psst"));
        }
    }

    @Test
    void mirrorCarriesAPlainBayeuxChannelAcrossNodesExactlyOnce() throws Exception {
        String room = "/chat/room";
        try (BayeuxBrowser a = new BayeuxBrowser(nodeA.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser b = new BayeuxBrowser(nodeB.httpPort(), IrcTestOptions.SAY);
             RawIrcClient watchA = RawIrcClient.connect("watchA", ircd.a().port());
             RawIrcClient watchB = RawIrcClient.connect("watchB", ircd.b().port())) {
            assertThat(a.subscribe(room).isSuccessful()).isTrue();
            assertThat(b.subscribe(room).isSuccessful()).isTrue();
            // Both bridges are in the (keyed) mirror channel and both servers know it before anyone publishes.
            for (RawIrcClient w : List.of(watchA, watchB)) {
                w.send("JOIN " + mirrorChannel + " " + KEY);
                w.await(l -> l.contains(" 366 " + w.nick() + " "), WAIT);
                awaitNames(w, mirrorChannel, "bridge");
                awaitNames(w, mirrorChannel, "bridge1");
            }
            watchA.send("MODE " + mirrorChannel);
            assertThat(new String(watchA.await(l -> l.contains(" 324 watchA " + mirrorChannel), WAIT),
                    StandardCharsets.UTF_8)).matches(".* 324 watchA \\S+ \\+[a-z]*k[a-z]* " + KEY);  // +k set by the first bridge

            int perSide = 100;
            String large = "large 😀 é " + "0123456789 ".repeat(300);  // ~3.3 KB: many fragments
            List<Map<String, Object>> sentA = new ArrayList<>();
            List<Map<String, Object>> sentB = new ArrayList<>();
            for (int i = 0; i < perSide; i++) {
                String text = i == 50 ? large : i % 10 == 3 ? "ünïcødé 𝄞 " + i : "msg " + i;
                Map<String, Object> da = Map.of("from", "A", "n", i, "text", text);
                Map<String, Object> db = Map.of("from", "B", "n", i, "text", text);
                assertThat(a.publish(room, da).isSuccessful()).isTrue();
                assertThat(b.publish(room, db).isSuccessful()).isTrue();
                sentA.add(da);
                sentB.add(db);
            }
            Predicate<Map<String, Object>> fromA = m -> "A".equals(m.get("from"));
            Predicate<Map<String, Object>> fromB = m -> "B".equals(m.get("from"));
            await().atMost(Duration.ofSeconds(60)).until(() -> b.received.stream().filter(fromA).count() >= perSide
                    && a.received.stream().filter(fromB).count() >= perSide);
            // No echo loop, no duplicates: counts stay exact over a quiet period.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                    count(a, fromA) == perSide && count(a, fromB) == perSide
                            && count(b, fromA) == perSide && count(b, fromB) == perSide);
            // Exactly the data sent, in order (per origin), the 3.3 KB multi-fragment one and unicode included.
            assertThat(b.received.stream().filter(fromA).map(IrcCrossNodeTest::key).toList())
                    .containsExactlyElementsOf(sentA.stream().map(IrcCrossNodeTest::key).toList());
            assertThat(a.received.stream().filter(fromB).map(IrcCrossNodeTest::key).toList())
                    .containsExactlyElementsOf(sentB.stream().map(IrcCrossNodeTest::key).toList());

            // A human in the mirror channel and a forged frame reach no browser.
            watchA.send("PRIVMSG " + mirrorChannel + " :hello humans");
            watchA.send("PRIVMSG " + mirrorChannel + " :OM1 abcdefghijklmnop 1 1/1 " + "A".repeat(43)
                    + " /chat/room {\"from\":\"forged\"}.");
            watchB.await(l -> l.contains("forged"), WAIT);
            assertThat(a.publish(room, Map.of("from", "A", "marker", true)).isSuccessful()).isTrue();
            b.await(m -> Boolean.TRUE.equals(m.get("marker")));
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() ->
                    a.received.stream().noneMatch(IrcCrossNodeTest::foreign)
                            && b.received.stream().noneMatch(IrcCrossNodeTest::foreign));

            // Over mirror.max_bytes: refused before anyone receives it.
            Message big = a.publish(room, Map.of("from", "A", "text", "x".repeat(5000)));
            assertThat(big.isSuccessful()).isFalse();
            assertThat(String.valueOf(big.get("error"))).isEqualTo("403:irc_mirror_too_large:publish_denied");

            // The mirror channel is no /irc/ channel for browsers, even with the allowlist "#*".
            Message sub = a.subscribe("/irc/local/" + BridgeChannelNames.escape(mirrorChannel));
            assertThat(sub.isSuccessful()).isFalse();
            assertThat(String.valueOf(sub.get("error"))).contains("irc_mirror_channel");

            assertThat(a.publish(room, Map.of("from", "A", "marker", "last")).isSuccessful()).isTrue();
            b.await(m -> "last".equals(m.get("marker")));
            assertThat(b.received).noneMatch(m -> String.valueOf(m.get("text")).startsWith("xxxx"));
            assertThat(a.received).noneMatch(m -> String.valueOf(m.get("text")).startsWith("xxxx"));
        }
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

    /** Polls LINKS (bounded) until {@code server} is listed. */
    static void awaitLink(RawIrcClient client, String server) throws Exception {
        poll(client, "LINKS", l -> l.contains(" 364 ") && l.contains(server), "no link to " + server);
    }

    /** Polls ISON (bounded) until the server reports {@code nick} online. */
    static void awaitIson(RawIrcClient client, String nick) throws Exception {
        poll(client, "ISON " + nick, l -> l.contains(" 303 ") && l.matches(".* :(.* )?" + nick + "( .*)?"),
                nick + " never online");
    }

    /** Polls NAMES (bounded) until {@code nick} is listed in {@code channel}. */
    static void awaitNames(RawIrcClient client, String channel, String nick) throws Exception {
        poll(client, "NAMES " + channel, l -> l.contains(" 353 ") && l.contains(channel)
                && l.matches(".*[ :@+]" + nick + "( .*|$)"), nick + " never listed in " + channel);
    }

    private static void poll(RawIrcClient client, String command, Predicate<String> done, String failure)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int round = 0; ; round++) {
            String marker = "poll" + round + "x" + System.nanoTime();
            client.send(command);
            client.send("PING :" + marker);
            client.await(l -> l.contains(" PONG ") && l.endsWith(marker), WAIT);
            if (client.find(done).isPresent()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + ": " + client.received());
            }
        }
    }
}
