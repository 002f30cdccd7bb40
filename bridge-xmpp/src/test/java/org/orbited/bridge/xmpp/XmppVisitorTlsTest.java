package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Visitor sessions over verified TLS (the "done when"): against a prosody that requires STARTTLS, with the
 * bridge trusting its self-signed certificate through {@code truststore}, an anonymous visitor and one with an
 * account log in and talk with a Smack client; with the JVM's CAs a login answers {@code xmpp_tls_failed}.
 */
class XmppVisitorTlsTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir, ProsodyServer.Options.tlsRequired());
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        prosody.register("olga", "olga-pw");
    }

    @AfterAll
    static void stop() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void anonymousAndAccountVisitorsTalkOverVerifiedTls() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(),
                     "tls", "1", "truststore", prosody.trustStore().toString(),
                     "truststore.password", ProsodyServer.TRUST_STORE_PASSWORD, "personal.auth", "both"))));
             SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser guest = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
             BayeuxBrowser olga = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            assertThat(helper.connection().isSecureConnection()).isTrue();
            helper.join("chat-tls", "helper");
            for (BayeuxBrowser b : new BayeuxBrowser[] {guest, olga}) {
                b.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
                assertThat(b.subscribe(XmppTestOptions.room("chat-tls")).isSuccessful()).isTrue();
            }
            assertThat(guest.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "guest")))
                    .containsEntry("ok", true);
            assertThat(olga.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "olga", "user", "olga",
                    "password", "olga-pw"))).containsEntry("ok", true);
            assertThat(guest.say("chat-tls", "anonymous over tls")).containsEntry("ok", true);
            assertThat(olga.say("chat-tls", "account over tls")).containsEntry("ok", true);
            assertThat(helper.awaitLine("chat-tls", "anonymous over tls").nick()).isEqualTo("guest");
            assertThat(helper.awaitLine("chat-tls", "account over tls").nick()).isEqualTo("olga");
            helper.sendPrivate("chat-tls", "olga", "private over tls");
            olga.awaitPersonal(m -> "private over tls".equals(m.get("text")));
            helper.say("chat-tls", "back to both");
            guest.await(m -> "back to both".equals(m.get("text")));
            olga.await(m -> "back to both".equals(m.get("text")));
        }
    }

    @Test
    void anUntrustedCertificateRefusesTheLogin() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(),
                     "tls", "1"))));
             BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            Map<String, Object> refused = b.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "guest"));
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "xmpp_tls_failed");
            assertThat(String.valueOf(refused.get("message"))).startsWith("could not log in to XMPP: ");
        }
    }
}
