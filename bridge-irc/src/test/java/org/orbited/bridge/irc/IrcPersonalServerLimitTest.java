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
        try (NgircdServer ircd = NgircdServer.startWithLimits(dir, "\tMaxConnectionsIP = 2\n");
             RunningNode node = RunningNode.start(b -> b.plugins(Map.of("irc.local",
                     IrcTestOptions.local(ircd.port()))));
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            // once the bridge has registered too: two users from 127.0.0.1, the limit
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        helper.send("LUSERS");
                        return helper.find(l -> l.contains(" 251 helper :There are 2 users")).isPresent();
                    });

            Map<String, Object> answer = browser.call("irc/local/login", Map.of("nick", "alice"));

            assertThat(answer).containsEntry("ok", false);
            assertThat(answer.get("code")).as("the ERROR line read first, or the failed write")
                    .isIn("irc_registration_refused", "irc_not_connected");
            // Either the server's ERROR line is read first (its text), or PircBotX's next write fails first: both
            // say the server closed the connection before registration, and why that usually happens.
            assertThat(String.valueOf(answer.get("message")))
                    .startsWith("could not register with IRC: the server closed the connection before registration")
                    .contains("MaxConnectionsIP")
                    .doesNotContain("is the network still up");
        }
    }
}
