package org.orbited.bridge.xmpp;

import static org.orbited.bridge.xmpp.XmppTestOptions.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Text safety end to end: markup and stanza-injection attempts arrive as inert text at both ends; characters that
 * would make prosody kill the bridge's session are refused with codes, and the link survives them; oversize text is
 * refused by {@code text.max}.
 */
class XmppSafetyEndToEndTest {
    static final String INJECTION = "</body></message><message to='victim@localhost' type='chat'><body>owned & "
            + "<script>alert(1)</script>";

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("guard", "guard-pw");
        prosody.register("victim", "victim-pw");
        node = XmppTestOptions.startNode(prosody);
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    @Test
    void markupAndInjectionStayTextBothWays() throws Exception {
        try (SmackClient guard = SmackClient.account(prosody, "guard", "guard-pw");
             SmackClient victim = SmackClient.account(prosody, "victim", "victim-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            guard.join("chat-safe", "guard");
            browser.subscribe(XmppTestOptions.room("chat-safe"));
            browser.await(type("names"));

            assertThat(browser.say("chat-safe", INJECTION, "name", "mallory")).containsEntry("ok", true);
            SmackClient.Line line = guard.awaitLine("chat-safe", "<mallory_web> " + INJECTION);
            assertThat(line.nick()).isEqualTo("bridge");
            assertThat(browser.await(text(INJECTION))).containsEntry("sender", "mallory_web");

            guard.say("chat-safe", INJECTION + " \u202Ereversed\u200B");
            assertThat(browser.await(m -> "guard".equals(m.get("sender")))).containsEntry("text",
                    INJECTION + " reversed");
            guard.say("chat-safe", "marker");
            browser.await(text("marker"));
            assertThat(victim.privates).isEmpty();
            assertThat(victim.lines).isEmpty();
        }
    }

    @Test
    void sessionKillingCharactersAreRefusedAndTheLinkSurvives() throws Exception {
        try (SmackClient guard = SmackClient.account(prosody, "guard", "guard-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            guard.join("chat-chars", "guard");
            browser.subscribe(XmppTestOptions.room("chat-chars"));
            browser.await(type("names"));
            List<Map.Entry<String, Map<String, Object>>> refused = List.of(
                    Map.entry("xmpp_text_control", Map.of("text", "a\u0000b")),
                    Map.entry("xmpp_text_control", Map.of("text", "esc\u001B[31m")),
                    Map.entry("xmpp_text_invalid_char", Map.of("text", "non\uFFFFchar")),
                    Map.entry("xmpp_text_invisible", Map.of("text", "\u202Eevil")),
                    Map.entry("xmpp_text_too_long", Map.of("text", "x".repeat(4097))),
                    Map.entry("xmpp_text_too_long", Map.of("text", "y".repeat(300_000))),
                    Map.entry("xmpp_text_empty", Map.of("text", "")),
                    Map.entry("xmpp_bad_name", Map.of("text", "x", "name", "bad name")),
                    Map.entry("xmpp_bad_name", Map.of("text", "x", "name", "nul\u0000")),
                    Map.entry("xmpp_bad_data", Map.of("text", "x", "type", "notice")));
            for (Map.Entry<String, Map<String, Object>> r : refused) {
                Map<String, Object> data = new HashMap<>(r.getValue());
                data.put("channel", "chat-chars");
                assertThat(browser.call(XmppTestOptions.SAY, data)).as(r.getKey()).containsEntry("ok", false)
                        .containsEntry("code", r.getKey());
            }
            // A lone surrogate cannot be UTF-8: refused by the bridge, or replaced on the way in; never sent raw.
            Map<String, Object> lone = browser.say("chat-chars", "lone\uD800x", "name", "bob");
            if (Boolean.FALSE.equals(lone.get("ok"))) {
                assertThat(lone).containsEntry("code", "xmpp_text_lone_surrogate");
            }
            assertThat(browser.say("chat-chars", "multi\nline & fine \uD83D\uDE00", "name", "bob"))
                    .containsEntry("ok", true);
            assertThat(browser.say("chat-chars", "after", "name", "bob")).containsEntry("ok", true);
            guard.awaitLine("chat-chars", "<bob_web> multi\nline & fine \uD83D\uDE00");
            guard.awaitLine("chat-chars", "<bob_web> after");
            browser.await(text("after"));
            assertThat(browser.received).noneMatch(m -> "status".equals(m.get("type"))
                    && "disconnected".equals(m.get("status")));
            assertThat(guard.lines).noneMatch(l -> l.body() != null && (l.body().contains("\u0000")
                    || l.body().contains("evil") || l.body().contains("esc")));
            assertThat(browser.received).noneMatch(type("error"));
        }
    }
}
