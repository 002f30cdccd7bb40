package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.charset.CodingErrorAction;
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
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Relay mode end to end: a real ngircd, a real node running the bridge from the class path, real CometD clients
 * as browsers speaking through the say service, and a raw IRC client as the helper, checked byte for byte on the
 * IRC side.
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
        return startNode(ircPort, "500ms");
    }

    static RunningNode startNode(int ircPort, String joinGrace) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort,
                "join.grace", joinGrace))));
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

    static java.util.function.Predicate<Map<String, Object>> text(String text) {
        return m -> text.equals(m.get("text"));
    }

    @Test
    void browserAndIrcUserTalkBothWaysAndEveryBrowserGetsExactlyOneCanonicalEvent() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser other = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#help");
            assertThat(browser.subscribe(HELP).isSuccessful()).isTrue();
            assertThat(other.subscribe(HELP).isSuccessful()).isTrue();
            // First subscriber: the bridge joins; the browser sees its join and the member list.
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#help"), WAIT);
            Map<String, Object> names = browser.await(type("names"));
            assertThat(String.valueOf(names.get("names"))).contains("helper");

            Map<String, Object> answer = browser.say("#help", "hello from the web", "name", "alice");
            // the answer names the canonical event (sender and time): the speaker knows its line by it
            assertThat(answer).containsEntry("ok", true).containsEntry("sender", "alice_web").containsKey("time");
            byte[] relayed = helper.await(l -> l.contains(" PRIVMSG #help :"), WAIT);
            assertThat(line(relayed)).startsWith(":bridge!")
                    .endsWith(" PRIVMSG #help :<alice_web> hello from the web");
            // The bridge publishes one canonical event, attributed to the name IRC users see, to every subscriber.
            for (BayeuxBrowser b : List.of(browser, other)) {
                assertThat(b.await(text("hello from the web"))).containsEntry("type", "message")
                        .containsEntry("channel", "#help").containsEntry("sender", "alice_web")
                        .containsEntry("web", true).containsEntry("relay", true)
                        .containsEntry("time", answer.get("time"));
            }
            assertThat(browser.say("#help", "waves back", "name", "alice", "type", "action")).containsEntry("ok", true);
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" PRIVMSG #help :* alice_web waves back"), WAIT);
            assertThat(other.await(text("waves back"))).containsEntry("type", "action")
                    .containsEntry("sender", "alice_web").containsEntry("relay", true);

            helper.send("PRIVMSG #help :hi \u0002there\u0002 \u000304,12web");
            Map<String, Object> message = browser.await(m -> "helper".equals(m.get("sender"))
                    && "message".equals(m.get("type")));
            assertThat(message).containsEntry("channel", "#help").containsEntry("text", "hi there web")
                    .containsKey("time").doesNotContainKey("web");

            helper.send("PRIVMSG #help :\u0001ACTION waves\u0001");
            assertThat(browser.await(text("waves"))).containsEntry("type", "action").containsEntry("sender", "helper");
            helper.send("NICK helper2");
            assertThat(browser.await(type("nick"))).containsEntry("sender", "helper").containsEntry("nick", "helper2");
            helper.send("PART #help :bye");
            assertThat(browser.await(type("part"))).containsEntry("sender", "helper2").containsEntry("text", "bye");
            other.await(type("part"));

            // Exactly one event each (no IRC copy republished, no Bayeux copy of a browser's publish).
            for (BayeuxBrowser b : List.of(browser, other)) {
                assertThat(b.matching(text("hello from the web"))).hasSize(1);
                assertThat(b.matching(text("waves back"))).hasSize(1);
            }
        }
    }

    @Test
    void aForgedEventPublishedByABrowserIsRefusedAndReachesNoOne() throws Exception {
        try (BayeuxBrowser forger = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            String chat = "/irc/local/$23chat-forge";
            watcher.subscribe(chat);  // first: its subscription makes the bridge join, so it sees the JOIN
            forger.subscribe(chat);
            watcher.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            List<Map<String, Object>> forgeries = List.of(
                    Map.of("type", "message", "sender", "helper", "channel", "#chat-forge", "text", "forged"),
                    Map.of("type", "status", "status", "disconnected", "text", "forged"),
                    Map.of("text", "forged plain"));
            for (Map<String, Object> f : forgeries) {
                Message pub = forger.publish(chat, f);
                assertThat(pub.isSuccessful()).isFalse();
                assertThat(String.valueOf(pub.get("error"))).isEqualTo("403:irc_use_say_service:publish_denied");
            }
            assertThat(forger.say("#chat-forge", "marker", "name", "bob")).containsEntry("ok", true);
            // Bayeux keeps order: once the marker is here, a forgery accepted before it would be here too.
            watcher.await(text("marker"));
            forger.await(text("marker"));
            for (BayeuxBrowser b : List.of(watcher, forger)) {
                assertThat(b.received).noneMatch(m -> String.valueOf(m.get("text")).contains("forged"));
                assertThat(b.received).noneMatch(m -> "disconnected".equals(m.get("status")));
            }
        }
    }

    @Test
    void injectionNeverReachesTheWireAsACommand() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("guard", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            String chat = "/irc/local/$23chat-safe";
            helper.join("#chat-safe");
            browser.subscribe(chat);
            assertThat(watcher.subscribe(chat).isSuccessful()).isTrue();
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-safe"), WAIT);
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            // Every refusal answers the say call itself: nothing is published, so no browser sees any of it.
            List<Map.Entry<String, Map<String, Object>>> refused = List.of(
                    Map.entry("irc_text_line_break", Map.of("text", "hi\r\nQUIT :owned")),
                    Map.entry("irc_text_line_break", Map.of("text", "a\u0000b")),
                    Map.entry("irc_bad_name", Map.of("text", "x", "name", "bad name\r\nQUIT")),
                    Map.entry("irc_text_too_long", Map.of("text", "owned".repeat(2000))),
                    Map.entry("irc_bad_data", Map.of("message", "owned")),
                    Map.entry("irc_bad_data", Map.of("text", "owned", "type", "notice")),
                    Map.entry("irc_text_control", Map.of("text", "\u0001ACTION owned\u0001")),
                    Map.entry("irc_text_invisible", Map.of("text", "\u202Eowned")));
            for (Map.Entry<String, Map<String, Object>> r : refused) {
                Map<String, Object> data = new java.util.HashMap<>(r.getValue());
                data.put("channel", "#chat-safe");
                assertThat(browser.call("irc/local/say", data)).as(r.getKey()).containsEntry("ok", false)
                        .containsEntry("code", r.getKey());
            }

            String formatted = "\u0002bold\u0002 \u000304red";
            assertThat(browser.say("#chat-safe", formatted, "name", "bob")).containsEntry("ok", true);
            String big = "0123456789abcdef".repeat(128);  // 2 KB
            assertThat(browser.say("#chat-safe", big, "name", "bob")).containsEntry("ok", true);
            assertThat(browser.say("#chat-safe", "after", "name", "bob")).containsEntry("ok", true);
            helper.await(l -> l.endsWith(" PRIVMSG #chat-safe :<bob_web> after"), WAIT);
            watcher.await(text("after"));
            browser.await(text("after"));
            for (BayeuxBrowser b : List.of(watcher, browser)) {
                assertThat(b.received).noneMatch(m -> String.valueOf(m).contains("owned")
                        || String.valueOf(m).contains("a\u0000b") || String.valueOf(m).contains("bad name"));
                assertThat(b.received).as("no error events: the call was refused").noneMatch(type("error"));
                assertThat(b.received.stream().filter(m -> Boolean.TRUE.equals(m.get("web"))).map(m -> m.get("text")))
                        .containsExactly("bold red", big, "after");  // event text is stripped like IRC text
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

    /**
     * Emoji, combining marks, Hangul and a flag over several lines: the text comes back byte for byte from what the
     * raw client received, no line is cut inside a UTF-8 sequence or before a combining mark, and the budget is
     * tight: with the user and host IRC shows replaced by the assumed lengths (11 and 63 bytes), every relayed
     * line is at most 503 bytes (512 minus the ACTION reserve), and every line but the last uses all but at most 7
     * of them (the largest unit here is an 8-byte flag).
     */
    @Test
    void multiByteTextIsSplitOnBoundariesWithinATightBudgetAndReassemblesByteForByte() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("reader", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#chat-utf");
            browser.subscribe("/irc/local/$23chat-utf");
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-utf"), WAIT);
            String unit = "e\u0301" + "\uD83D\uDE00" + "\uD55C" + "\uD83C\uDDEB\uD83C\uDDF7" + "a" + "\u00F1";
            String text = unit.repeat(60);  // 21 bytes a unit, 1260 bytes, no spaces
            assertThat(browser.say("#chat-utf", text, "name", "uni")).containsEntry("ok", true);

            byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            byte[] marker = " PRIVMSG #chat-utf :<uni_web> ".getBytes(StandardCharsets.UTF_8);
            List<byte[]> lines = Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> helper.receivedLines()
                    .stream().filter(b -> indexOf(b, marker) >= 0).toList(),
                    l -> l.stream().mapToInt(b -> b.length - indexOf(b, marker) - marker.length).sum()
                            >= expected.length);
            ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
            for (int i = 0; i < lines.size(); i++) {
                byte[] b = lines.get(i);
                int start = indexOf(b, marker) + marker.length;
                byte[] piece = java.util.Arrays.copyOfRange(b, start, b.length);
                reassembled.write(piece);
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(piece));  // throws if cut inside a sequence
                assertThat(new String(piece, StandardCharsets.UTF_8)).doesNotStartWith("\u0301");
                String l = line(b);
                int user = l.indexOf('@') - l.indexOf('!') - 1;
                int host = l.indexOf(' ') - l.indexOf('@') - 1;
                int relayed = b.length + 2 - user - host + LineBudget.ASSUMED_USER + LineBudget.ASSUMED_HOST;
                assertThat(relayed).as("line %d", i).isLessThanOrEqualTo(512 - LineBudget.ACTION_OVERHEAD);
                if (i < lines.size() - 1) {
                    assertThat(relayed).as("line %d is full", i).isGreaterThan(512 - LineBudget.ACTION_OVERHEAD - 8);
                }
            }
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
            assertThat(reassembled.toByteArray()).isEqualTo(expected);
            assertThat(browser.await(m -> Boolean.TRUE.equals(m.get("web")))).containsEntry("text", text);
        }
    }

    static int indexOf(byte[] b, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= b.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (b[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aLateSubscriberGetsTheMemberListAndTopicToItself() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("host", ircd.port());
             BayeuxBrowser first = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser late = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            String chat = "/irc/local/$23chat-late";
            helper.join("#chat-late");
            helper.send("TOPIC #chat-late :the late topic");
            helper.await(l -> l.endsWith(" TOPIC #chat-late :the late topic"), WAIT);
            first.subscribe(chat);
            assertThat(String.valueOf(first.await(type("names")).get("names"))).contains("host").contains("bridge");
            first.await(type("topic"));

            late.subscribe(chat);
            assertThat(String.valueOf(late.await(type("names")).get("names"))).contains("host").contains("bridge");
            assertThat(late.await(type("topic"))).containsEntry("text", "the late topic")
                    .containsEntry("channel", "#chat-late");
            helper.send("PRIVMSG #chat-late :marker");
            first.await(text("marker"));
            late.await(text("marker"));
            assertThat(first.matching(type("names"))).as("delivered to the late subscriber alone").hasSize(1);
        }
    }

    @Test
    void aChannelOutsideTheAllowlistIsRefusedOnSubscribeAndSay() throws Exception {
        try (BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            Message sub = browser.subscribe("/irc/local/$23secret");
            assertThat(sub.isSuccessful()).isFalse();
            assertThat(String.valueOf(sub.get("error"))).contains("irc_channel_not_allowed");
            Message pub = browser.publish("/irc/local/$23secret", Map.of("text", "hi"));
            assertThat(String.valueOf(pub.get("error"))).isEqualTo("403:irc_use_say_service:publish_denied");
            assertThat(browser.say("#secret", "hi")).containsEntry("ok", false)
                    .containsEntry("code", "irc_channel_not_allowed");
            assertThat(browser.say("#help", "hi")).containsEntry("ok", false)
                    .containsEntry("code", "irc_not_subscribed");
            Message upper = browser.subscribe("/irc/local/$23HELP");
            assertThat(String.valueOf(upper.get("error"))).contains("irc_not_canonical");
        }
    }
}
