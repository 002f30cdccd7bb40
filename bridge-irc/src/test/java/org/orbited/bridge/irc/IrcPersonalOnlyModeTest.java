package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * {@code mode = personal}: an anonymous visitor's say is refused at the call with {@code irc_login_required} and
 * nobody (browser or IRC user) receives anything of it; a logged-in visitor speaks as itself and every subscriber
 * gets its line once.
 */
class IrcPersonalOnlyModeTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anonymousVisitorsCannotSpeakAndLoggedInOnesCan() throws Exception {
        String chat = "/irc/local/$23chat-p";
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = startNode(ircd.port());
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser anonymous = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser watcher = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser gil = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#chat-p");
            anonymous.subscribe(chat);
            watcher.subscribe(chat);
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-p"), WAIT);

            assertThat(anonymous.say("#chat-p", "let me in", "name", "anon")).containsEntry("ok", false)
                    .containsEntry("code", "irc_login_required");

            gil.listenPersonal(IrcPersonalEndToEndTest.EVENTS);
            gil.subscribe(chat);
            assertThat(gil.call("irc/local/login", Map.of("nick", "gil"))).containsEntry("ok", true);
            gil.awaitPersonal(m -> "join".equals(m.get("type")) && "gil".equals(m.get("sender")));
            assertThat(gil.say("#chat-p", "members only")).containsEntry("ok", true);
            helper.await(l -> l.startsWith(":gil!") && l.endsWith(" PRIVMSG #chat-p :members only"), WAIT);
            for (BayeuxBrowser b : List.of(anonymous, watcher, gil)) {
                assertThat(b.await(m -> "members only".equals(m.get("text")))).containsEntry("sender", "gil")
                        .containsEntry("web", true);
                // the refused line came before "members only": had anyone received it, it would be here now
                assertThat(b.received).noneMatch(m -> String.valueOf(m).contains("let me in"));
            }
            assertThat(helper.received()).noneMatch(l -> l.contains("let me in"));
        }
    }

    static RunningNode startNode(int ircPort) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort,
                "channels", "#chat-*", "join.grace", "30s", "mode", "personal"))));
    }
}
