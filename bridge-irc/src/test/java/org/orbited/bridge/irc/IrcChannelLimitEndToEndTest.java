package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * {@code join.max = 2}: a client subscribing to a third IRC channel is refused by the policy
 * ({@code irc_too_many_channels}: its personal connection could not join it), and so is any client once the bridge
 * is in two channels with subscribers; a channel left without subscribers (only waiting out its grace) makes room.
 * The refused subscriptions make the bridge join nothing.
 */
class IrcChannelLimitEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aSubscribeNeedingOneChannelTooManyIsRefused() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = startNode(ircd.port());
             RawIrcClient watch = RawIrcClient.connect("watch", ircd.port());
             BayeuxBrowser a = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            watch.join("#chat-c");
            assertThat(a.subscribe("/irc/local/$23chat-a").isSuccessful()).isTrue();
            assertThat(a.subscribe("/irc/local/$23chat-b").isSuccessful()).isTrue();
            Message third = a.subscribe("/irc/local/$23chat-c");
            assertThat(third.isSuccessful()).isFalse();
            assertThat(String.valueOf(third.get("error"))).startsWith("403:irc_too_many_channels");
            // the bridge is in two busy channels: another client is refused a third one too
            Message other = b.subscribe("/irc/local/$23chat-c");
            assertThat(String.valueOf(other.get("error"))).startsWith("403:irc_too_many_channels");
            // ... but may share one of the two
            assertThat(b.subscribe("/irc/local/$23chat-a").isSuccessful()).isTrue();
            watch.send("NAMES #chat-c");
            byte[] names = watch.await(l -> l.contains(" 353 watch = #chat-c :"), WAIT);
            assertThat(IrcRelayEndToEndTest.line(names)).as("refused subscribes joined nothing").doesNotContain("bridge");

            // a leaves #chat-b: idle within its grace, it makes room; the bridge parts it and joins #chat-c
            a.unsubscribe("/irc/local/$23chat-b");
            assertThat(b.subscribe("/irc/local/$23chat-c").isSuccessful()).isTrue();
            watch.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-c"), WAIT);
        }
    }

    static RunningNode startNode(int ircPort) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircPort,
                "channels", "#chat-*", "join.max", "2", "join.grace", "1h"))));
    }
}
