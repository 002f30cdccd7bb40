package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Visitor sessions leave nothing behind and keep their limits: {@code personal.max} and
 * {@code personal.login.rate} refuse at the call; after logouts the sessions' Smack threads end, and after the
 * node's stop the visitor pool's threads end too.
 */
class XmppVisitorHygieneTest {
    @TempDir
    Path dir;

    static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void limitsHoldAndThreadsEnd() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            long readersBefore = threads("Smack Reader");
            List<BayeuxBrowser> browsers = new ArrayList<>();
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "personal.max", "3", "personal.login.rate", "2"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("chat-hyg", "helper");
                for (int i = 0; i < 4; i++) {
                    BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
                    browsers.add(b);
                    assertThat(b.subscribe(XmppTestOptions.room("chat-hyg")).isSuccessful()).isTrue();
                }
                helper.awaitPresence(p -> "bridge".equals(p.nick()) && p.available());  // the occupant is up
                long withOccupant = threads("Smack Reader");
                for (int i = 0; i < 3; i++) {
                    assertThat(browsers.get(i).call(XmppPersonalEndToEndTest.SERVICE + "login",
                            Map.of("nick", "v" + i))).containsEntry("ok", true);
                }
                assertThat(browsers.get(3).call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "v3")))
                        .containsEntry("ok", false).containsEntry("code", "xmpp_too_many_connections");
                assertThat(helper.occupants("chat-hyg")).contains("v0", "v1", "v2");
                assertThat(threads("Smack Reader")).isGreaterThanOrEqualTo(withOccupant + 3);
                assertThat(threads("xmpp-visitor-")).isPositive();

                // logins a minute per client: v0 logs out and in again, then once more is over the rate
                String login = XmppPersonalEndToEndTest.SERVICE + "login";
                String logout = XmppPersonalEndToEndTest.SERVICE + "logout";
                BayeuxBrowser v0 = browsers.get(0);
                assertThat(v0.call(logout, Map.of())).containsEntry("ok", true);
                // a logged-out session counts against personal.max until its connection is closed
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "v0again".equals(
                        v0.call(login, Map.of("nick", "v0again")).get("nick")));
                assertThat(v0.call(logout, Map.of())).containsEntry("ok", true);
                // (until its connection is closed, the session just logged out still fills personal.max)
                Map<String, Object> third = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                        () -> v0.call(login, Map.of("nick", "v0third")),
                        r -> !"xmpp_too_many_connections".equals(r.get("code")));
                assertThat(third).containsEntry("ok", false).containsEntry("code", "xmpp_login_rate");

                for (int i = 1; i < 3; i++) {
                    assertThat(browsers.get(i).call(logout, Map.of())).containsEntry("ok", true);
                }
                helper.awaitPresence(p -> "v2".equals(p.nick()) && !p.available());
                Awaitility.await().atMost(Duration.ofSeconds(15))
                        .until(() -> threads("Smack Reader") <= withOccupant);
            } finally {
                for (BayeuxBrowser b : browsers) {
                    b.close();
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> threads("xmpp-visitor-") == 0);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> threads("Smack Reader") <= readersBefore);
        }
    }
}
