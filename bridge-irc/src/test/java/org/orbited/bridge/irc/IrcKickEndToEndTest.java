package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * A channel operator (a raw IRC client, op as the channel's creator) kicks the bridge: browsers get the {@code kick}
 * event and a {@code kicked} status, every line still queued fails with an error event to its speaker (none is lost
 * silently), the bridge rejoins on its own and the conversation goes on; with {@code +i} the rejoin is refused and
 * browsers get a {@code join_refused} status with the server's reason, and a say is refused at the call.
 *
 * <p>The node's flood control is slow on purpose ({@code flood.channel.rate} 0.1, burst 1): of a three-line say, the first
 * line goes at once and the other two wait 10 s and 20 s, so the kick finds them queued.
 */
class IrcKickEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aKickedBridgeReportsLostLinesRejoinsAndAnInviteOnlyChannelRefusesIt() throws Exception {
        String chat = "/irc/local/$23chat-kick";
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = startNode(ircd.port());
             RawIrcClient op = RawIrcClient.connect("op", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            op.join("#chat-kick");  // first in: channel operator
            browser.subscribe(chat);
            op.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-kick"), WAIT);
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            String three = "x".repeat(400) + " " + "y".repeat(400) + " " + "z".repeat(300);
            assertThat(browser.say("#chat-kick", three, "name", "kim")).containsEntry("ok", true);
            op.await(l -> l.contains(" PRIVMSG #chat-kick :<kim_web> x"), WAIT);
            op.send("KICK #chat-kick bridge :out you go");

            assertThat(browser.await(type("kick"))).containsEntry("sender", "op").containsEntry("nick", "bridge")
                    .containsEntry("text", "out you go").containsEntry("channel", "#chat-kick");
            assertThat(String.valueOf(browser.await(m -> "kicked".equals(m.get("status"))).get("text")))
                    .contains("kicked").contains("op").contains("out you go");
            browser.await(m -> "error".equals(m.get("type")) && "irc_kicked".equals(m.get("code")));
            // every line of the say either reached IRC or came back as an error: none vanished
            Awaitility.await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS).until(() ->
                    op.received().stream().filter(l -> l.contains(" PRIVMSG #chat-kick :<kim_web> ")).count()
                            + browser.matching(m -> "irc_kicked".equals(m.get("code"))).size() == 3);

            // the bridge rejoins on its own (it has a subscriber) and the conversation goes on
            op.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-kick")
                    && op.received().stream().filter(x -> x.startsWith(":bridge!") && x.endsWith(" JOIN :#chat-kick"))
                    .count() >= 2, WAIT);
            Awaitility.await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS).until(() -> browser.matching(
                    m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender"))).size() >= 2);
            assertThat(browser.say("#chat-kick", "back again", "name", "kim")).containsEntry("ok", true);
            op.await(l -> l.endsWith(" PRIVMSG #chat-kick :<kim_web> back again"), WAIT);

            // invite only: the rejoin is refused with the server's reason, and so is a say
            op.send("MODE #chat-kick +i");
            op.await(l -> l.contains(" MODE #chat-kick +i"), WAIT);
            op.send("KICK #chat-kick bridge :closed");
            assertThat(String.valueOf(browser.await(m -> "join_refused".equals(m.get("status"))).get("text")))
                    .contains("#chat-kick").contains("(473)");
            Map<String, Object> refused = browser.say("#chat-kick", "let me back", "name", "kim");
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "irc_join_refused");
            assertThat(op.received()).noneMatch(l -> l.contains("let me back"));
        }
    }

    static RunningNode startNode(int ircPort) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort,
                "channels", "#chat-*", "join.grace", "30s", "flood.channel.rate", "0.1", "flood.channel.burst", "1"))));
    }
}
