package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * R1 with a real ngircd: the bridge's configured nick is held (as by its own ghost), so it registers as
 * {@code bridge1}; once the holder leaves, the bridge takes {@code bridge} back ({@code nick.regain}) and speaks
 * under it.
 */
class IrcNickRegainTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theBridgeRegistersUnderAFallbackAndRegainsItsConfiguredNick() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RawIrcClient holder = RawIrcClient.connect("bridge", ircd.port());
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port())) {
            helper.join("#help");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(
                    ircd.port(), "nick.regain", "500ms"))));
                 BayeuxBrowser visitor = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
                assertThat(visitor.subscribe("/irc/local/$23help").isSuccessful()).isTrue();
                helper.await(l -> l.startsWith(":bridge1!") && l.endsWith(" JOIN :#help"), WAIT);
                Thread.sleep(1500);  // a few regain attempts while the nick is still held: the fallback stays
                assertThat(helper.received()).noneMatch(l -> l.startsWith(":bridge1!") && l.contains(" NICK "));
                holder.send("QUIT :making room");
                helper.await(l -> l.startsWith(":bridge1!") && l.endsWith(" NICK :bridge"), WAIT);
                visitor.await(m -> "nick".equals(m.get("type")) && "bridge".equals(m.get("nick")));
                assertThat(visitor.say("#help", "back under my name")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":bridge!") && l.contains(" PRIVMSG #help :")
                        && l.endsWith("back under my name"), WAIT);
            }
        }
    }
}
