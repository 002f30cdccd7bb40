package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/** Personal connections survive an IRC server restart: status events to that browser, reconnect, rejoin. */
class IrcPersonalReconnectTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void ngircdRestartRestoresThePersonalConnectionAndRejoins() throws Exception {
        NgircdServer first = NgircdServer.start(dir.resolve("a"));
        int port = first.port();
        String chat = "/irc/local/$23chat-back";
        try (RunningNode node = IrcPersonalEndToEndTest.startNodeOn(port);
             BayeuxBrowser erin = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            erin.listenPersonal(IrcPersonalEndToEndTest.EVENTS);
            erin.subscribe(chat);
            assertThat(erin.call("irc/local/login", Map.of("nick", "erin"))).containsEntry("ok", true);
            erin.awaitPersonal(m -> "join".equals(m.get("type")) && "erin".equals(m.get("sender")));

            first.close();
            assertThat(erin.awaitPersonal(m -> "disconnected".equals(m.get("status")))).containsEntry("type", "status")
                    .containsEntry("nick", "erin");
            erin.awaitPersonal(m -> "reconnecting".equals(m.get("status")));

            try (NgircdServer second = NgircdServer.start(dir.resolve("b"), port);
                 RawIrcClient helper = RawIrcClient.connect("helper", port)) {
                erin.awaitPersonal(m -> "connected".equals(m.get("status")));
                helper.join("#chat-back");
                helper.await(l -> l.startsWith(":erin!") && l.endsWith(" JOIN :#chat-back")
                        || l.contains(" 353 helper = #chat-back :") && l.matches(".*[ :@+]erin( .*)?$"), WAIT);
                // the say service refuses until erin's own connection has joined again: wait for its JOIN
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> erin.personal.stream().filter(m ->
                        "join".equals(m.get("type")) && "erin".equals(m.get("sender"))).count() >= 2);
                assertThat(erin.say("#chat-back", "back again")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":erin!") && l.endsWith(" PRIVMSG #chat-back :back again"), WAIT);
                helper.send("PRIVMSG erin :welcome back");
                erin.awaitPersonal(m -> "welcome back".equals(m.get("text")));
            }
        } finally {
            first.close();
        }
    }
}
