package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * {@code mode = personal} (the sibling of IrcPersonalOnlyModeTest): a visitor who is not logged in is refused at the
 * call with {@code xmpp_login_required} and nobody (browser or XMPP user) receives anything of it; a logged-in
 * visitor speaks as itself and every subscriber gets its line once.
 */
class XmppPersonalOnlyModeTest {
    @TempDir
    Path dir;

    @Test
    void anonymousVisitorsCannotSpeakAndLoggedInOnesCan() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp",
                         XmppTestOptions.local(prosody.port(), "mode", "personal"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
                 BayeuxBrowser anonymous = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
                 BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
                 BayeuxBrowser gil = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
                helper.join("chat-p", "helper");
                String room = XmppTestOptions.room("chat-p");
                assertThat(anonymous.subscribe(room).isSuccessful()).isTrue();
                assertThat(watcher.subscribe(room).isSuccessful()).isTrue();
                helper.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());

                assertThat(anonymous.say("chat-p", "let me in", "name", "anon")).containsEntry("ok", false)
                        .containsEntry("code", "xmpp_login_required");

                gil.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
                assertThat(gil.subscribe(room).isSuccessful()).isTrue();
                assertThat(gil.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "gil")))
                        .containsEntry("ok", true);
                gil.awaitPersonal(m -> "join".equals(m.get("type")) && "gil".equals(m.get("sender")));
                assertThat(gil.say("chat-p", "members only")).containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-p", "members only").nick()).isEqualTo("gil");
                for (BayeuxBrowser b : List.of(anonymous, watcher, gil)) {
                    assertThat(b.await(m -> "members only".equals(m.get("text")))).containsEntry("sender", "gil")
                            .containsEntry("web", true);
                    assertThat(b.matching(m -> "members only".equals(m.get("text")))).hasSize(1);
                    // the refused line came before "members only": had anyone received it, it would be here now
                    assertThat(b.received).noneMatch(m -> String.valueOf(m).contains("let me in"));
                }
                assertThat(helper.lines).noneMatch(l -> String.valueOf(l.body()).contains("let me in"));
            }
        }
    }
}
