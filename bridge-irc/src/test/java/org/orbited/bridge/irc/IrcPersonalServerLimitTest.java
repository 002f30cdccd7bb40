package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.RunningNode;

/**
 * A server that refuses the node's next connection (ngircd's {@code MaxConnectionsIP}, here 2: the bridge's own
 * connection and one raw client fill it) makes a visitor's login fail with {@code irc_not_connected} and a message
 * that says the server closed the connection before registration and why that usually happens, not PircBotX's
 * "IO exception when sending line to server, is the network still up?".
 */
class IrcPersonalServerLimitTest {
    @TempDir
    Path dir;

    @Test
    void loginRefusedByTheServersPerAddressLimitSaysSo() throws Exception {
        IrcBridgePlugin.timing = new NetworkConnection.Timing(Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        try (NgircdServer ircd = NgircdServer.startWithLimits(dir, "\tMaxConnectionsIP = 2\n");
             RunningNode node = RunningNode.start(b -> b.plugins(Map.of("irc.local", Map.of("host", "127.0.0.1",
                     "port", String.valueOf(ircd.port()), "tls", "0", "nick", "bridge", "channels", "#help"))));
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort())) {
            // once the bridge has registered too: two users from 127.0.0.1, the limit
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        helper.send("LUSERS");
                        return helper.find(l -> l.contains(" 251 helper :There are 2 users")).isPresent();
                    });

            Map<String, Object> answer = browser.call("irc/local/login", Map.of("nick", "alice"));

            assertThat(answer).containsEntry("ok", false).containsEntry("code", "irc_not_connected");
            assertThat(String.valueOf(answer.get("message")))
                    .startsWith("could not register with IRC: the server closed the connection before registration")
                    .contains("MaxConnectionsIP")
                    .doesNotContain("is the network still up");
        }
    }
}
