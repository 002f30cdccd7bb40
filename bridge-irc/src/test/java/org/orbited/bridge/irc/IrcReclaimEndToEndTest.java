package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Reclaim end to end (docs/irc.md "Reclaim"): a real ngircd, a real node with {@code personal.grace = 3s}, CometD
 * clients as a visitor's pages, and a raw IRC client as the helper that sees every line of the visitor's connection.
 */
class IrcReclaimEndToEndTest {
    static final String EVENTS = "/service/irc/local/events";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        node = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port(),
                "personal.grace", "3s"))));
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

    static String bayeux(String channel) {
        return "/irc/local/$23" + channel.substring(1);
    }

    static BayeuxBrowser page(String... channels) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
        b.listenPersonal(EVENTS);
        for (String c : channels) {
            assertThat(b.subscribe(bayeux(c)).isSuccessful()).isTrue();
        }
        return b;
    }

    static Predicate<String> from(String nick, String rest) {
        return l -> l.startsWith(":" + nick + "!") && l.contains(rest);
    }

    @Test
    void aNewPageWithTheSecretTakesTheConnectionOverWithoutQuitOrJoin() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper1", ircd.port())) {
            helper.join("#chat-rc");
            helper.join("#chat-rc2");
            BayeuxBrowser first = page("#chat-rc", "#chat-rc2");
            Map<String, Object> login = first.call("irc/local/login", Map.of("nick", "alice"));
            assertThat(login).containsEntry("ok", true).containsEntry("nick", "alice").doesNotContainKey("reclaimed");
            String secret = String.valueOf(login.get("reclaim"));
            assertThat(secret).matches("[A-Za-z0-9_-]{32}");
            helper.await(from("alice", " JOIN :#chat-rc2"), WAIT);
            helper.await(from("alice", " JOIN :#chat-rc"), WAIT);
            first.close();  // the page navigates away: its client ends, the grace starts

            try (BayeuxBrowser second = page("#chat-rc")) {  // the next page is only in #chat-rc
                Map<String, Object> again = second.call("irc/local/login", Map.of("nick", "alice", "reclaim", secret));
                assertThat(again).containsEntry("ok", true).containsEntry("nick", "alice")
                        .containsEntry("reclaimed", true);
                assertThat(String.valueOf(again.get("reclaim"))).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(secret);
                // the same connection: already in #chat-rc, so it speaks at once, as alice
                assertThat(second.say("#chat-rc", "I am back")).containsEntry("ok", true);
                helper.await(from("alice", " PRIVMSG #chat-rc :I am back"), WAIT);
                helper.send("PRIVMSG alice :welcome back");
                assertThat(second.awaitPersonal(m -> "welcome back".equals(m.get("text"))))
                        .containsEntry("sender", "helper1");
                // names published by the bridge name the bridge's own nick as self
                assertThat(second.await(BayeuxBrowser.type("names"))).containsEntry("self", "bridge");
                // after the settle time the channel the new page did not subscribe to is parted; by then the old
                // client's grace (3 s) is long over and the connection did not quit
                helper.await(from("alice", " PART #chat-rc2"), WAIT);
                helper.send("PRIVMSG #chat-rc :marker");
                second.await(m -> "marker".equals(m.get("text")));
                assertThat(helper.received()).noneMatch(from("alice", " QUIT"));
                assertThat(helper.received().stream().filter(from("alice", " JOIN :")).toList())
                        .as("one JOIN per channel, at the first login").hasSize(2);
                assertThat(helper.received().stream().filter(from("alice", " PART ")).count()).isEqualTo(1);

                // the new secret works once more: a third page takes over from the second (still alive), which
                // is told and is no longer logged in
                try (BayeuxBrowser third = page("#chat-rc")) {
                    assertThat(third.call("irc/local/login", Map.of("nick", "alice", "reclaim", secret)))
                            .as("the first secret is spent").containsEntry("ok", false)
                            .containsEntry("code", "irc_nick_taken");
                    assertThat(third.call("irc/local/login", Map.of("nick", "alice", "reclaim", again.get("reclaim"))))
                            .containsEntry("ok", true).containsEntry("reclaimed", true);
                    assertThat(second.awaitPersonal(m -> "reclaimed".equals(m.get("status"))))
                            .containsEntry("nick", "alice");
                    assertThat(second.call("irc/local/logout", Map.of())).containsEntry("code", "irc_not_logged_in");
                    assertThat(third.say("#chat-rc", "third page")).containsEntry("ok", true);
                    helper.await(from("alice", " PRIVMSG #chat-rc :third page"), WAIT);
                    assertThat(third.call("irc/local/logout", Map.of("reason", "done"))).containsEntry("ok", true);
                    helper.await(from("alice", " QUIT :"), WAIT);
                }
            }
        }
    }

    @Test
    void aWrongSecretIsAnOrdinaryLoginAndTheOldConnectionStillQuitsAfterTheGrace() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper2", ircd.port())) {
            helper.join("#chat-rw");
            BayeuxBrowser first = page("#chat-rw");
            assertThat(first.call("irc/local/login", Map.of("nick", "bob"))).containsEntry("ok", true);
            helper.await(from("bob", " JOIN :#chat-rw"), WAIT);
            first.close();
            try (BayeuxBrowser second = page("#chat-rw")) {
                Map<String, Object> refused = second.call("irc/local/login",
                        Map.of("nick", "bob", "reclaim", "A".repeat(32)));
                assertThat(refused).containsEntry("ok", false).containsEntry("code", "irc_nick_taken");
                String suggestion = String.valueOf(refused.get("suggestion"));
                assertThat(second.call("irc/local/login", Map.of("nick", suggestion))).containsEntry("ok", true)
                        .containsEntry("nick", suggestion).doesNotContainKey("reclaimed");
                helper.await(from(suggestion, " JOIN :#chat-rw"), WAIT);
                helper.await(from("bob", " QUIT :").and(l -> l.contains("web client left")), WAIT);
            }
        }
    }

    @Test
    void afterTheGraceTheSecretIsWorthNothingAndTheLoginIsANewConnection() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper3", ircd.port())) {
            helper.join("#chat-rx");
            BayeuxBrowser first = page("#chat-rx");
            Map<String, Object> login = first.call("irc/local/login", Map.of("nick", "carol"));
            helper.await(from("carol", " JOIN :#chat-rx"), WAIT);
            first.close();
            helper.await(from("carol", " QUIT :").and(l -> l.contains("web client left")), WAIT);
            try (BayeuxBrowser second = page("#chat-rx")) {
                Map<String, Object> again = org.awaitility.Awaitility.await().atMost(WAIT).until(
                        () -> second.call("irc/local/login", Map.of("nick", "carol", "reclaim", login.get("reclaim"))),
                        m -> !"irc_nick_taken".equals(m.get("code")));  // the server may not have freed it yet
                assertThat(again).containsEntry("ok", true).containsEntry("nick", "carol")
                        .doesNotContainKey("reclaimed");
                org.awaitility.Awaitility.await("a second JOIN: a new connection").atMost(WAIT).until(() -> helper
                        .received().stream().filter(from("carol", " JOIN :#chat-rx")).count() == 2);
            }
        }
    }
}
