package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.bridge.common.TestCertificates;
import org.orbited.node.testing.RunningNode;

/**
 * TLS end to end: a real ngircd listening with TLS on a self-signed certificate made at test time (openssl), the
 * bridge with {@code tls = 1}. Trusted through {@code truststore} it relays both ways; with the JVM's CAs it fails
 * verification, says so in a {@code disconnected} status event ({@code irc_tls_failed}) and keeps retrying; a
 * trusted certificate for another name is refused for {@code host = 127.0.0.1} (endpoint identification).
 */
class IrcTlsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static TestCertificates.Pem good;
    static Path goodTrust;
    static NgircdServer ircd;

    @BeforeAll
    static void start() throws Exception {
        good = TestCertificates.selfSigned(dir.resolve("certs"), "good", "localhost", "IP:127.0.0.1,DNS:localhost");
        goodTrust = TestCertificates.trustStore(dir.resolve("certs"), "good", good);
        ircd = NgircdServer.start(dir.resolve("ircd"), NgircdServer.Extras.tls(good));
    }

    @AfterAll
    static void stop() {
        if (ircd != null) {
            ircd.close();
        }
    }

    static RunningNode node(NgircdServer server, String... options) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(server.tlsPort(),
                concat(new String[] {"tls", "1"}, options)))));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aTrustedCertificateForTheIpConnectsAndRelaysBothWays() throws Exception {
        try (RunningNode node = node(ircd, "truststore", goodTrust.toString(), "truststore.password",
                TestCertificates.TRUST_STORE_PASSWORD);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port())) {
            helper.join("#chat-tls");
            browser.subscribe("/irc/local/$23chat-tls");
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-tls"), WAIT);
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));

            assertThat(browser.say("#chat-tls", "over tls", "name", "vic")).containsEntry("ok", true);
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" PRIVMSG #chat-tls :<vic_web> over tls"), WAIT);
            helper.send("PRIVMSG #chat-tls :back over tls");
            assertThat(browser.await(m -> "back over tls".equals(m.get("text")))).containsEntry("sender", "helper");
        }
    }

    @Test
    void aHostNameIsCheckedAgainstTheDnsNamesWithSni() throws Exception {
        try (RunningNode node = node(ircd, "host", "localhost", "truststore", goodTrust.toString(),
                "truststore.password", TestCertificates.TRUST_STORE_PASSWORD);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            browser.subscribe("/irc/local/$23chat-sni");
            browser.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));
        }
    }

    @Test
    void withTheJvmCasTheSelfSignedCertificateFailsClearlyAndTheBridgeKeepsRetrying() throws Exception {
        try (RunningNode node = node(ircd);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            browser.subscribe("/irc/local/$23chat-untrusted");
            Map<String, Object> failed = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(failed).containsEntry("type", "status").containsEntry("code", "irc_tls_failed")
                    .containsEntry("channel", "#chat-untrusted");
            assertThat(String.valueOf(failed.get("text"))).startsWith("TLS: ").containsIgnoringCase("certification path");
            // still retrying with backoff, not crashed: more attempts fail the same way
            Awaitility.await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS).until(() -> browser.received.stream()
                    .filter(m -> "irc_tls_failed".equals(m.get("code"))).count() >= 3);
            assertThat(browser.received).anyMatch(m -> "reconnecting".equals(m.get("status")));
            assertThat(browser.received).noneMatch(m -> "connected".equals(m.get("status")));
            assertThat(browser.say("#chat-untrusted", "hello")).containsEntry("ok", false)
                    .containsEntry("code", "irc_not_connected");
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefusedForTheIp(@TempDir Path other) throws Exception {
        TestCertificates.Pem elsewhere = TestCertificates.selfSigned(other, "elsewhere", "irc.example.org",
                "DNS:irc.example.org");
        Path trust = TestCertificates.trustStore(other, "elsewhere", elsewhere);
        try (NgircdServer server = NgircdServer.start(other.resolve("ircd"), NgircdServer.Extras.tls(elsewhere));
             RunningNode node = node(server, "truststore", trust.toString(), "truststore.password",
                     TestCertificates.TRUST_STORE_PASSWORD);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             RawIrcClient helper = RawIrcClient.connect("watch", server.port())) {
            browser.subscribe("/irc/local/$23chat-mismatch");
            Map<String, Object> failed = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(failed).containsEntry("code", "irc_tls_failed");
            assertThat(String.valueOf(failed.get("text"))).contains("127.0.0.1");
            helper.send("WHOIS bridge");
            helper.await(l -> l.contains(" 401 watch bridge "), WAIT);  // the bridge never registered
        }
    }
}
