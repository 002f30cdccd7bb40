package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.irc.BayeuxBrowser.type;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.RunningNode;

/**
 * Relay mode end to end: a real ngircd, a real node running the bridge from the class path, a real CometD client
 * as the browser and a raw IRC client as the helper, checked byte for byte on the IRC side.
 */
class IrcRelayEndToEndTest {
    static final String HELP = "/irc/local/$23help";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        node = startNode(ircd.port());
    }

    static RunningNode startNode(int ircPort) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort))));
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

    static String line(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void browserAndIrcUserTalkBothWaysWithEventsAndNoEcho() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort())) {
            helper.join("#help");
            assertThat(browser.subscribe(HELP).isSuccessful()).isTrue();
            // First subscriber: the bridge joins; the browser sees its join and the member list.
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#help"), WAIT);
            Map<String, Object> names = browser.await(type("names"));
            assertThat(String.valueOf(names.get("names"))).contains("helper");

            assertThat(browser.publish(HELP, Map.of("text", "hello from the web", "name", "alice"))
                    .isSuccessful()).isTrue();
            byte[] relayed = helper.await(l -> l.contains(" PRIVMSG #help :"), WAIT);
            assertThat(line(relayed)).startsWith(":bridge!")
                    .endsWith(" PRIVMSG #help :<alice_web> hello from the web");

            helper.send("PRIVMSG #help :hi \u0002there\u0002 \u000304,12web");
            Map<String, Object> message = browser.await(type("message"));
            assertThat(message).containsEntry("channel", "#help").containsEntry("sender", "helper")
                    .containsEntry("text", "hi there web").containsKey("time");

            helper.send("PRIVMSG #help :\u0001ACTION waves\u0001");
            assertThat(browser.await(type("action"))).containsEntry("sender", "helper").containsEntry("text", "waves");
            helper.send("NICK helper2");
            assertThat(browser.await(type("nick"))).containsEntry("sender", "helper").containsEntry("nick", "helper2");
            helper.send("PART #help :bye");
            assertThat(browser.await(type("part"))).containsEntry("sender", "helper2").containsEntry("text", "bye");

            // No echo: the browser got its own publication once, from Bayeux, and no IRC copy of it.
            assertThat(browser.received.stream().filter(m -> String.valueOf(m.get("text")).contains("hello from")))
                    .singleElement().satisfies(m -> assertThat(m).doesNotContainKey("type"));
        }
    }

    @Test
    void injectionNeverReachesTheWireAsACommand() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("guard", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
             BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort())) {
            String chat = "/irc/local/$23chat-safe";
            helper.join("#chat-safe");
            browser.subscribe(chat);
            assertThat(watcher.subscribe(chat).isSuccessful()).isTrue();
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-safe"), WAIT);
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            // Refusals decided from the data come from the bridge's policy as an unsuccessful publish: the
            // publication is never delivered, so another browser in the channel receives nothing of it.
            List<Map.Entry<String, Map<String, Object>>> refused = List.of(
                    Map.entry("irc_text_line_break", Map.of("text", "hi\r\nQUIT :owned")),
                    Map.entry("irc_text_line_break", Map.of("text", "a\u0000b")),
                    Map.entry("irc_bad_name", Map.of("text", "x", "name", "bad name\r\nQUIT")),
                    Map.entry("irc_text_too_long", Map.of("text", "owned".repeat(2000))),
                    Map.entry("irc_bad_data", Map.of("message", "owned")),
                    Map.entry("irc_text_control", Map.of("text", "\u0001ACTION owned\u0001")));
            for (Map.Entry<String, Map<String, Object>> r : refused) {
                Message pub = browser.publish(chat, r.getValue());
                assertThat(pub.isSuccessful()).as(r.getKey()).isFalse();
                assertThat(String.valueOf(pub.get("error"))).isEqualTo("403:" + r.getKey() + ":publish_denied");
            }

            String formatted = "\u0002bold\u0002 \u000304red";
            browser.publish(chat, Map.of("text", formatted, "name", "bob"));
            String big = "0123456789abcdef".repeat(128);  // 2 KB
            browser.publish(chat, Map.of("text", big, "name", "bob"));
            browser.publish(chat, Map.of("text", "after", "name", "bob"));
            helper.await(l -> l.endsWith(" PRIVMSG #chat-safe :<bob_web> after"), WAIT);
            // Bayeux keeps publish order: once "after" is here, a refused publication would be here too.
            watcher.await(m -> "after".equals(m.get("text")));
            browser.await(m -> "after".equals(m.get("text")));
            for (BayeuxBrowser b : List.of(watcher, browser)) {
                assertThat(b.received).noneMatch(m -> String.valueOf(m).contains("owned")
                        || String.valueOf(m).contains("a\u0000b") || String.valueOf(m).contains("bad name"));
                assertThat(b.received).as("no error events: the policy refused").noneMatch(type("error"));
                assertThat(b.received.stream().filter(m -> !m.containsKey("type")).map(m -> m.get("text")))
                        .containsExactly(formatted, big, "after");
            }

            List<byte[]> fromBridge = helper.receivedLines().stream()
                    .filter(b -> line(b).startsWith(":bridge!")).toList();
            assertThat(fromBridge).allSatisfy(b -> {
                assertThat(b.length + 2).isLessThanOrEqualTo(512);
                assertThat(line(b)).matches(":bridge!\\S+ (JOIN :#chat-safe|PRIVMSG #chat-safe :<bob_web> .*)");
                for (byte x : b) {
                    assertThat(x).isNotIn((byte) 0, (byte) '\r', (byte) '\n');
                }
            });
            assertThat(helper.received()).noneMatch(l -> l.contains("owned") || l.contains("a\u0000b"));
            assertThat(fromBridge).anySatisfy(b -> assertThat(b).endsWith(
                    (" PRIVMSG #chat-safe :<bob_web> " + formatted).getBytes(StandardCharsets.UTF_8)));
            StringBuilder joined = new StringBuilder();
            fromBridge.stream().map(IrcRelayEndToEndTest::line)
                    .filter(l -> l.contains(" :<bob_web> 0123") || l.matches(".* :<bob_web> [0-9a-f]+"))
                    .forEach(l -> joined.append(l.substring(l.indexOf(" :<bob_web> ") + 12)));
            assertThat(joined.toString()).isEqualTo(big);
        }
    }

    @Test
    void aChannelOutsideTheAllowlistIsRefusedOnSubscribeAndPublish() throws Exception {
        try (BayeuxBrowser browser = new BayeuxBrowser(node.httpPort())) {
            Message sub = browser.subscribe("/irc/local/$23secret");
            assertThat(sub.isSuccessful()).isFalse();
            assertThat(String.valueOf(sub.get("error"))).contains("irc_channel_not_allowed");
            Message pub = browser.publish("/irc/local/$23secret", Map.of("text", "hi"));
            assertThat(pub.isSuccessful()).isFalse();
            assertThat(String.valueOf(pub.get("error"))).contains("irc_channel_not_allowed");
            Message upper = browser.subscribe("/irc/local/$23HELP");
            assertThat(String.valueOf(upper.get("error"))).contains("irc_not_canonical");
        }
    }
}
