package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Personal mode end to end: a real ngircd (MaxConnectionsIP = 0), a real node with the bridge, CometD clients as
 * browsers logging in through {@code /service/irc/local/login}, and a raw IRC client checked byte for byte.
 */
class IrcPersonalEndToEndTest {
    static final String EVENTS = "/service/irc/local/events";
    static final String CHAT = "/irc/local/$23chat-me";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        node = startNodeOn(ircd.port());
    }

    static RunningNode startNodeOn(int ircPort) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort,
                "personal.grace", "700ms", "personal.max", "3"))));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (ircd != null) {
            ircd.close();
        }
    }

    static BayeuxBrowser loggedIn(String nick, String channel) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
        b.listenPersonal(EVENTS);
        if (channel != null) {
            assertThat(b.subscribe(channel).isSuccessful()).isTrue();
        }
        assertThat(b.call("irc/local/login", Map.of("nick", nick))).containsEntry("ok", true).containsEntry("nick", nick);
        return b;
    }

    @Test
    void aLoggedInVisitorTalksAsItsOwnNickBothWaysWithActionsNickChangeAndPrivateMessages() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper", ircd.port())) {
            helper.join("#chat-me");
            try (BayeuxBrowser alice = loggedIn("alice", CHAT);
                 BayeuxBrowser bob = loggedIn("bob", CHAT)) {
                helper.await(l -> l.startsWith(":alice!") && l.endsWith(" JOIN :#chat-me"), WAIT);
                alice.awaitPersonal(m -> "join".equals(m.get("type")) && "alice".equals(m.get("sender")));
                assertThat(String.valueOf(alice.awaitPersonal(m -> "names".equals(m.get("type"))).get("names")))
                        .contains("helper").contains("alice");

                assertThat(alice.say("#chat-me", "hello as myself")).containsEntry("ok", true);
                byte[] said = helper.await(l -> l.contains("PRIVMSG #chat-me :hello as myself"), WAIT);
                assertThat(IrcRelayEndToEndTest.line(said)).startsWith(":alice!")
                        .endsWith(" PRIVMSG #chat-me :hello as myself");
                assertThat(alice.say("#chat-me", "waves", "type", "action")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":alice!") && l.endsWith(" PRIVMSG #chat-me :\u0001ACTION waves\u0001"),
                        WAIT);

                helper.send("PRIVMSG #chat-me :hi alice");
                assertThat(alice.await(m -> "hi alice".equals(m.get("text")))).containsEntry("type", "message")
                        .containsEntry("sender", "helper");
                // each browser got alice's line once, as the bridge's canonical event under her nick, and never
                // an IRC copy of it republished by the bridge
                bob.await(m -> "hi alice".equals(m.get("text")));
                for (BayeuxBrowser b : java.util.List.of(alice, bob)) {
                    assertThat(b.matching(m -> "hello as myself".equals(m.get("text")))).singleElement()
                            .satisfies(m -> assertThat(m).containsEntry("type", "message")
                                    .containsEntry("sender", "alice").containsEntry("web", true)
                                    .containsEntry("channel", "#chat-me").doesNotContainKey("relay"));
                    assertThat(b.matching(m -> "waves".equals(m.get("text")))).singleElement()
                            .satisfies(m -> assertThat(m).containsEntry("type", "action"));
                }

                // a private message reaches alice's browser alone
                helper.send("PRIVMSG alice :psst");
                assertThat(alice.awaitPersonal(m -> "psst".equals(m.get("text")))).containsEntry("type", "message")
                        .containsEntry("sender", "helper").doesNotContainKey("channel");
                assertThat(alice.call("irc/local/privmsg", Map.of("to", "helper", "text", "back at you")))
                        .containsEntry("ok", true);
                helper.await(l -> l.startsWith(":alice!") && l.endsWith(" PRIVMSG helper :back at you"), WAIT);
                helper.send("PRIVMSG bob :for bob");
                bob.awaitPersonal(m -> "for bob".equals(m.get("text")));
                assertThat(bob.personal).noneMatch(m -> "psst".equals(m.get("text")));
                assertThat(bob.received).noneMatch(m -> "psst".equals(m.get("text")));
                assertThat(alice.personal).noneMatch(m -> "for bob".equals(m.get("text")));

                // nick change: seen on IRC and by the browsers; the visitor then speaks under the new nick
                assertThat(alice.call("irc/local/nick", Map.of("nick", "alicia"))).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":alice!") && l.endsWith(" NICK :alicia"), WAIT);
                alice.awaitPersonal(m -> "nick".equals(m.get("type")) && "alicia".equals(m.get("nick")));
                bob.await(m -> "nick".equals(m.get("type")) && "alicia".equals(m.get("nick")));
                assertThat(alice.say("#chat-me", "renamed")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":alicia!") && l.endsWith(" PRIVMSG #chat-me :renamed"), WAIT);
                assertThat(bob.await(m -> "renamed".equals(m.get("text")))).containsEntry("sender", "alicia");

                // injection through the personal path is refused at the call (nobody sees it); so is a publish
                assertThat(alice.say("#chat-me", "x\r\nQUIT :owned")).containsEntry("ok", false)
                        .containsEntry("code", "irc_text_line_break");
                assertThat(String.valueOf(alice.publish(CHAT, Map.of("text", "owned")).get("error")))
                        .isEqualTo("403:irc_use_say_service:publish_denied");
                helper.send("PRIVMSG #chat-me :after the refusals");
                bob.await(m -> "after the refusals".equals(m.get("text")));
                assertThat(bob.matching(m -> "renamed".equals(m.get("text")))).hasSize(1);

                // explicit logout: QUIT at once
                assertThat(alice.call("irc/local/logout", Map.of("reason", "see you"))).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":alicia!") && l.contains(" QUIT :") && l.contains("see you"), WAIT);
            }
            assertThat(helper.received()).noneMatch(l -> l.contains("owned"));
        }
    }

    @Test
    void askingForAnIrcUsersNickDoesNotHideThatUsersLinesFromBrowsers() throws Exception {
        try (RawIrcClient holder = RawIrcClient.connect("holder", ircd.port())) {
            holder.join("#chat-me");
            try (BayeuxBrowser erin = loggedIn("erin", CHAT);
                 BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
                assertThat(watcher.subscribe(CHAT).isSuccessful()).isTrue();
                holder.await(l -> l.startsWith(":erin!") && l.endsWith(" JOIN :#chat-me"), WAIT);
                // the bridge's own connection (which reads the channel for the browsers) is in it too
                IrcCrossNodeTest.awaitNames(holder, "#chat-me", "bridge");
                // the server refuses the nick (433): before this was fixed, the nick counted as erin's at once and
                // the bridge dropped every line the IRC user holding it said
                assertThat(erin.call("irc/local/nick", Map.of("nick", "holder"))).containsEntry("ok", true);
                erin.awaitPersonal(m -> "error".equals(m.get("type")) && "irc_nick_taken".equals(m.get("code")));
                holder.send("PRIVMSG #chat-me :still visible");
                assertThat(watcher.await(m -> "still visible".equals(m.get("text")))).containsEntry("sender", "holder");
                assertThat(erin.await(m -> "still visible".equals(m.get("text")))).containsEntry("sender", "holder");
                // erin's own line is still published once (canonical), its IRC copy not republished
                assertThat(erin.say("#chat-me", "mine once")).containsEntry("ok", true);
                holder.await(l -> l.startsWith(":erin!") && l.endsWith(" PRIVMSG #chat-me :mine once"), WAIT);
                holder.send("PRIVMSG #chat-me :marker after mine");
                watcher.await(m -> "marker after mine".equals(m.get("text")));
                assertThat(watcher.matching(m -> "mine once".equals(m.get("text")))).singleElement()
                        .satisfies(m -> assertThat(m).containsEntry("sender", "erin").containsEntry("web", true));
            }
        }
    }

    @Test
    void aLoggedInVisitorWhoseConnectionHasNotJoinedIsRefusedAtTheCall() throws Exception {
        try (BayeuxBrowser fay = loggedIn("fay", null)) {
            assertThat(fay.say("#chat-me", "hi")).containsEntry("ok", false).containsEntry("code", "irc_not_subscribed");
        }
    }

    @Test
    void aTakenNickGetsAClearErrorWithASuggestionAndAnInvalidNickIsRefused() throws Exception {
        try (RawIrcClient carol = RawIrcClient.connect("carol", ircd.port());
             BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            Map<String, Object> taken = b.call("irc/local/login", Map.of("nick", "carol"));
            assertThat(taken).containsEntry("ok", false).containsEntry("code", "irc_nick_taken");
            assertThat(String.valueOf(taken.get("suggestion"))).matches("carol_\\d{2,3}");
            assertThat(b.call("irc/local/login", Map.of("nick", "bad nick\r\nQUIT"))).containsEntry("ok", false)
                    .containsEntry("code", "irc_bad_nick");
            assertThat(b.call("irc/local/login", Map.of("nick", String.valueOf(taken.get("suggestion")))))
                    .containsEntry("ok", true);
        }
    }

    @Test
    void theClientEndingQuitsAfterTheGrace() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("watch", ircd.port())) {
            helper.join("#chat-grace2");
            BayeuxBrowser dan = loggedIn("dan", "/irc/local/$23chat-grace2");
            helper.await(l -> l.startsWith(":dan!") && l.endsWith(" JOIN :#chat-grace2"), WAIT);
            long ended = System.nanoTime();
            dan.close();
            helper.await(l -> l.startsWith(":dan!") && l.contains(" QUIT :") && l.contains("web client left"), WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - ended)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }
}
