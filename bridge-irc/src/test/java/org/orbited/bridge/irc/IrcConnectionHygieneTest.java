package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * What a connection must not do, end to end with a real ngircd and node: a long topic that would get the visitor's
 * connection dropped (B7), login/logout churn (B8), CTCP answers (R6); and private NOTICEs reaching the visitor (N4).
 */
class IrcConnectionHygieneTest {
    static final String EVENTS = IrcPersonalEndToEndTest.EVENTS;
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        // a 10-minute registration timeout: such a timer must not keep a logged-out connection's io thread alive
        node = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port(),
                "personal.grace", "700ms", "personal.max", "10", "personal.login.rate", "3",
                "register.timeout", "10m"))));
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
        assertThat(b.call("irc/local/login", Map.of("nick", nick))).containsEntry("ok", true);
        return b;
    }

    static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void aTopicTooLongInBytesOrOverTopicLenIsRefusedAndTheConnectionStays() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("topichelper", ircd.port())) {
            helper.join("#chat-topic");
            try (BayeuxBrowser tina = loggedIn("tina", "/irc/local/$23chat-topic")) {
                tina.awaitPersonal(m -> "join".equals(m.get("type")) && "tina".equals(m.get("sender")));
                Map<String, Object> euros = tina.call("irc/local/topic", Map.of("channel", "#chat-topic",
                        "text", "€".repeat(300)));  // 300 characters, 900 bytes
                assertThat(euros).containsEntry("ok", false).containsEntry("code", "irc_text_too_long");
                Matcher topicLen = Pattern.compile("TOPICLEN=(\\d+)").matcher(String.join("\n", helper.received()));
                if (topicLen.find() && Integer.parseInt(topicLen.group(1)) + "TOPIC #chat-topic :".length() < 510) {
                    int max = Integer.parseInt(topicLen.group(1));
                    assertThat(tina.call("irc/local/topic", Map.of("channel", "#chat-topic", "text",
                            "y".repeat(max + 1)))).as("over the server's TOPICLEN")
                            .containsEntry("code", "irc_text_too_long");
                }
                assertThat(tina.call("irc/local/topic", Map.of("channel", "#chat-topic", "text", "still here")))
                        .containsEntry("ok", true);
                helper.await(l -> l.startsWith(":tina!") && l.endsWith(" TOPIC #chat-topic :still here"), WAIT);
                assertThat(tina.personal).noneMatch(m -> "disconnected".equals(m.get("status")));
                assertThat(helper.received()).noneMatch(l -> l.contains("€€€") || l.contains(" QUIT "));
            }
        }
    }

    @Test
    void loginLogoutChurnFromOneBrowserIsRateLimitedAndEveryThreadEnds() throws Exception {
        List<Object> codes = new ArrayList<>();
        try (BayeuxBrowser looper = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            for (int i = 0; i < 10; i++) {
                Map<String, Object> login = looper.call("irc/local/login", Map.of("nick", "loop" + i));
                codes.add(Boolean.TRUE.equals(login.get("ok")) ? "ok" : login.get("code"));
                if (Boolean.TRUE.equals(login.get("ok"))) {
                    assertThat(looper.call("irc/local/logout", Map.of())).containsEntry("ok", true);
                }
            }
        }
        assertThat(codes).containsExactly("ok", "ok", "ok", "irc_login_rate", "irc_login_rate", "irc_login_rate",
                "irc_login_rate", "irc_login_rate", "irc_login_rate", "irc_login_rate");
        // reader and io threads of all three connections end, though a 10-minute registration timer was armed
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> threads("irc-local-loop") == 0);
    }

    @Test
    void ctcpRequestsInAChannelOrInPrivateGetNoAnswerFromAnyConnection() throws Exception {
        try (RawIrcClient helper = RawIrcClient.connect("ctcphelper", ircd.port())) {
            helper.join("#chat-ctcp");
            try (BayeuxBrowser carl = loggedIn("carl", "/irc/local/$23chat-ctcp")) {
                helper.await(l -> l.startsWith(":carl!") && l.endsWith(" JOIN :#chat-ctcp"), WAIT);
                helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-ctcp"), WAIT);
                for (String request : List.of("VERSION", "PING 1234", "TIME", "FINGER")) {
                    helper.send("PRIVMSG #chat-ctcp :\u0001" + request + "\u0001");
                    helper.send("PRIVMSG carl :\u0001" + request + "\u0001");
                    helper.send("PRIVMSG bridge :\u0001" + request + "\u0001");
                }
                // markers after the requests: each connection has handled the requests (inline, in order) before
                helper.send("PRIVMSG #chat-ctcp :marker-channel");
                helper.send("PRIVMSG carl :marker-private");
                carl.await(m -> "marker-channel".equals(m.get("text")));
                carl.awaitPersonal(m -> "marker-private".equals(m.get("text")));
                helper.send("PING :ctcp-done");
                helper.await(l -> l.contains("PONG") && l.contains("ctcp-done"), WAIT);
                assertThat(helper.received()).noneMatch(l -> l.contains(" NOTICE ctcphelper :\u0001"))
                        .noneMatch(l -> l.contains("PircBotX"));
            }
        }
    }

    @Test
    void aPrivateNoticeToAPersonalConnectionReachesThatBrowserAlone() throws Exception {
        try (RawIrcClient services = RawIrcClient.connect("NickServ2", ircd.port());
             BayeuxBrowser dora = loggedIn("dora", null);
             BayeuxBrowser other = loggedIn("otto", null)) {
            services.send("NOTICE dora :You are now identified for dora.");
            Map<String, Object> notice = dora.awaitPersonal(m -> "notice".equals(m.get("type")));
            assertThat(notice).containsEntry("sender", "NickServ2")
                    .containsEntry("text", "You are now identified for dora.").doesNotContainKey("channel");
            services.send("NOTICE otto :for otto");
            other.awaitPersonal(m -> "for otto".equals(m.get("text")));
            assertThat(other.personal).noneMatch(m -> String.valueOf(m.get("text")).contains("identified"));
        }
    }
}
