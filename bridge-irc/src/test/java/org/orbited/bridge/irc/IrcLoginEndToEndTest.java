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
import org.orbited.node.testing.RunningNode;

/**
 * Server password and SASL against a real ngircd with {@code [Global] Password}: the right {@code password}
 * registers and relays; a wrong one gives a {@code disconnected} status event {@code irc_bad_password} (ngircd
 * answers {@code ERROR :Access denied: Bad password?}) while the node keeps serving its other clients. ngircd has no
 * SASL: with {@code sasl.user} set the bridge must not register unauthenticated, it reports
 * {@code irc_sasl_unavailable} and backs off.
 */
class IrcLoginEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String PASSWORD = "sekrit";

    @TempDir
    static Path dir;
    static NgircdServer ircd;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir, NgircdServer.Extras.password(PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (ircd != null) {
            ircd.close();
        }
    }

    static RunningNode node(String... options) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port(), options))));
    }

    @Test
    void theRightPasswordRegistersAndRelays() throws Exception {
        try (RunningNode node = node("password", PASSWORD);
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port(), PASSWORD)) {
            helper.join("#chat-pass");
            browser.subscribe("/irc/local/$23chat-pass");
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-pass"), WAIT);
            assertThat(browser.say("#chat-pass", "let in", "name", "pat")).containsEntry("ok", true);
            helper.await(l -> l.endsWith(" PRIVMSG #chat-pass :<pat_web> let in"), WAIT);
            helper.send("PRIVMSG #chat-pass :welcome");
            browser.await(m -> "welcome".equals(m.get("text")));
        }
    }

    /** With mirror mode on, the {@code disconnected} status still carries its code (review B4). */
    @Test
    void withMirrorOnAWrongPasswordStatusKeepsItsCode() throws Exception {
        try (RunningNode node = node("password", "wrong", "mirror", "/mirrored/**", "mirror.secret", "s".repeat(40));
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            browser.subscribe("/irc/local/$23chat-mnopass");
            Map<String, Object> refused = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(refused).containsEntry("code", "irc_bad_password").containsEntry("channel", "#chat-mnopass");
        }
    }

    @Test
    void aWrongPasswordGivesAClearStatusAndTheNodeKeepsServing() throws Exception {
        try (RunningNode node = node("password", "wrong");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser other = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            browser.subscribe("/irc/local/$23chat-nopass");
            Map<String, Object> refused = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(refused).containsEntry("code", "irc_bad_password").containsEntry("channel", "#chat-nopass");
            assertThat(String.valueOf(refused.get("text"))).isEqualTo("server password refused: Access denied: Bad password?");
            browser.await(m -> "reconnecting".equals(m.get("status")));

            // the node serves its other clients meanwhile
            other.subscribe("/chat/lobby");
            browser.publish("/chat/lobby", Map.of("text", "still here"));
            other.await(m -> "still here".equals(m.get("text")));
            Awaitility.await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS).until(() -> browser.received.stream()
                    .filter(m -> "irc_bad_password".equals(m.get("code"))).count() >= 2);
        }
    }

    @Test
    void saslWithoutServerSupportIsReportedAndNeverSkipped() throws Exception {
        try (RunningNode node = node("password", PASSWORD, "sasl.user", "bridge", "sasl.password", "pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             RawIrcClient watch = RawIrcClient.connect("watch", ircd.port(), PASSWORD)) {
            browser.subscribe("/irc/local/$23chat-sasl");
            Map<String, Object> refused = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(refused).containsEntry("code", "irc_sasl_unavailable");
            assertThat(String.valueOf(refused.get("text"))).contains("offers no SASL PLAIN")
                    .contains("CAP LS: multi-prefix");
            Awaitility.await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS).until(() -> browser.received.stream()
                    .filter(m -> "irc_sasl_unavailable".equals(m.get("code"))).count() >= 2);
            assertThat(browser.received).noneMatch(m -> "connected".equals(m.get("status")));
            watch.send("WHOIS bridge");
            watch.await(l -> l.contains(" 401 watch bridge "), WAIT);  // never registered unauthenticated
        }
    }
}
