package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * STARTTLS against a prosody that requires it, with a self-signed certificate: trusted through {@code truststore}
 * the bridge relays; with the JVM's CAs, or with a certificate that does not name the XMPP domain, it never logs in
 * and reports {@code xmpp_tls_failed}; {@code tls = 0} reports {@code xmpp_tls_required}.
 */
class XmppTlsEndToEndTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir, ProsodyServer.Options.tlsRequired());
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
    }

    @AfterAll
    static void stop() {
        if (prosody != null) {
            prosody.close();
        }
    }

    private static RunningNode node(String... overrides) {
        return RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(), overrides))));
    }

    /** Subscribes to a room and waits for a {@code disconnected} status with {@code code}; returns it. */
    private static Map<String, Object> disconnected(RunningNode node, String code) throws Exception {
        try (BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            assertThat(b.subscribe(XmppTestOptions.room("lobby")).isSuccessful()).isTrue();
            Map<String, Object> status = b.await(m -> "disconnected".equals(m.get("status")));
            assertThat(status).containsEntry("type", "status").containsEntry("code", code)
                    .containsEntry("channel", "lobby");
            assertThat(b.received).noneMatch(m -> "connected".equals(m.get("status")));
            assertThat(b.received).noneMatch(type("names"));
            return status;
        }
    }

    @Test
    void aCertificateTrustedThroughTheTrustStoreRelays() throws Exception {
        try (RunningNode node = node("tls", "1", "truststore", prosody.trustStore().toString(),
                "truststore.password", ProsodyServer.TRUST_STORE_PASSWORD);
             SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            helper.join("lobby", "helper");
            browser.subscribe(XmppTestOptions.room("lobby"));
            assertThat(String.valueOf(browser.await(type("names")).get("names"))).contains("helper");
            assertThat(browser.say("lobby", "over TLS", "name", "tina")).containsEntry("ok", true);
            helper.awaitLine("lobby", "<tina_web> over TLS");
            helper.say("lobby", "back over TLS");
            browser.await(m -> "back over TLS".equals(m.get("text")));
        }
    }

    @Test
    void theJvmsCertificateAuthoritiesDoNotTrustASelfSignedCertificate() throws Exception {
        try (RunningNode node = node("tls", "1")) {
            assertThat(String.valueOf(disconnected(node, "xmpp_tls_failed").get("text")))
                    .containsIgnoringCase("PKIX");
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheDomainIsRefused() throws Exception {
        try (RunningNode node = node("tls", "1", "truststore", prosody.trustStore().toString(),
                "truststore.password", ProsodyServer.TRUST_STORE_PASSWORD, "sasl.user", null, "sasl.password", null,
                "domain", null, "anon.domain", ProsodyServer.MISMATCH_DOMAIN, "mode", "relay")) {
            assertThat(String.valueOf(disconnected(node, "xmpp_tls_failed").get("text")))
                    .contains("Hostname verification");
        }
    }

    @Test
    void plainXmppAgainstAServerThatRequiresTlsIsRefused() throws Exception {
        try (RunningNode node = node("tls", "0")) {
            disconnected(node, "xmpp_tls_required");
        }
    }
}
