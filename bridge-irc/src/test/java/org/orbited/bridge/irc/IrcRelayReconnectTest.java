package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * ngircd stopped and started again on the same port: the browser sees {@code disconnected}/{@code reconnecting}
 * then {@code connected} status events, the bridge rejoins the channel that still has a subscriber and the
 * conversation goes on. Also: the last subscriber leaving parts the channel after {@code join.grace}.
 */
class IrcRelayReconnectTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void ircServerRestartGivesStatusEventsAndTheBridgeRejoins() throws Exception {
        NgircdServer first = NgircdServer.start(dir.resolve("a"));
        int port = first.port();
        try (RunningNode node = IrcRelayEndToEndTest.startNode(port);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            browser.subscribe(IrcRelayEndToEndTest.HELP);
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            first.close();
            assertThat(browser.await(m -> "disconnected".equals(m.get("status")))).containsEntry("type", "status")
                    .containsEntry("channel", "#help").containsKey("text");
            browser.await(m -> "reconnecting".equals(m.get("status")));

            try (NgircdServer second = NgircdServer.start(dir.resolve("b"), port);
                 RawIrcClient helper = RawIrcClient.connect("helper", port)) {
                browser.await(m -> "connected".equals(m.get("status")));
                helper.join("#help");
                // The bridge rejoins on its own (it has a subscriber): the helper sees its JOIN, or it in NAMES
                // when the bridge was first.
                helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#help")
                        || l.contains(" 353 helper = #help :") && l.matches(".*[ :@+]bridge( .*)?$"), WAIT);
                // the bridge may still be rejoining: lines are held until its JOIN, so the say is accepted
                assertThat(browser.say("#help", "still here", "name", "carol")).containsEntry("ok", true);
                helper.await(l -> l.endsWith(" PRIVMSG #help :<carol_web> still here"), WAIT);
                helper.send("PRIVMSG #help :welcome back");
                assertThat(browser.await(m -> "welcome back".equals(m.get("text")))).containsEntry("type", "message")
                        .containsEntry("sender", "helper");
            }
        } finally {
            first.close();
        }
    }

    /**
     * The second browser is connected before the first leaves and gets its own node with a 3 s grace, so its
     * subscribe (one round trip) lands well within the grace; if a stalled machine took longer, the test is skipped
     * (assumption), never failed, since then a PART would be right.
     */
    @Test
    void lastSubscriberLeavingPartsAfterTheGraceAndAQuickReturnCancelsIt() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = IrcRelayEndToEndTest.startNode(ircd.port(), "3s");
             RawIrcClient helper = RawIrcClient.connect("watcher", ircd.port())) {
            helper.join("#chat-grace");
            String chat = "/irc/local/$23chat-grace";
            BayeuxBrowser a = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
            a.subscribe(chat);
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-grace"), WAIT);
            try (BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
                long left = System.nanoTime();
                a.close();  // the session ends: its subscription goes, the 3 s grace starts
                b.subscribe(chat);  // back within the grace: no part
                org.junit.jupiter.api.Assumptions.assumeTrue(
                        Duration.ofNanos(System.nanoTime() - left).compareTo(Duration.ofMillis(2500)) < 0,
                        "the resubscribe took longer than the grace allows for; nothing to check");
                assertThat(b.say("#chat-grace", "ping", "name", "dave")).containsEntry("ok", true);
                helper.await(l -> l.endsWith(" PRIVMSG #chat-grace :<dave_web> ping"), WAIT);
                assertThat(helper.received()).noneMatch(l -> l.startsWith(":bridge!") && l.contains(" PART "));
            }
            helper.await(l -> l.startsWith(":bridge!") && l.contains(" PART #chat-grace"), WAIT);
            assertThat(helper.received().stream().filter(l -> l.startsWith(":bridge!") && l.contains(" JOIN ")))
                    .hasSize(1);
        }
    }
}
