package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the test harness against real prosody: the plain server (accounts and anonymous users share a room, with
 * history, subject, presence and private messages), the STARTTLS variant (trusted through the harness's trust
 * store; refused untrusted, for a name the certificate lacks, and without TLS), a restart on the same port, and
 * that closing stops the process.
 */
class ProsodyHarnessTest {

    @Test
    void anAccountAndAnAnonymousUserTalkInARoomWithHistorySubjectPresenceAndPrivateMessages(@TempDir Path dir)
            throws Exception {
        try (ProsodyServer server = ProsodyServer.start(dir, ProsodyServer.Options.PLAIN.withHistory(2))) {
            server.register("alice", "alicepw");
            try (SmackClient alice = SmackClient.account(server, "alice", "alicepw");
                 SmackClient guest = SmackClient.anonymous(server)) {
                assertThat(alice.jid()).startsWith("alice@localhost/");
                assertThat(guest.jid()).contains("@anon.localhost/");
                alice.join("lobby", "alice");
                alice.setSubject("lobby", "Topic <b>one</b>");
                for (int i = 1; i <= 3; i++) {
                    alice.say("lobby", "history " + i);
                }
                alice.awaitLine("lobby", "history 3");

                guest.join("lobby", "guest", 10);
                // history length 2: the last two lines, stamped by the server; then the subject
                assertThat(guest.awaitLine("lobby", "history 3").history()).isTrue();
                assertThat(guest.awaitLine("lobby", "history 2")).satisfies(l -> {
                    assertThat(l.nick()).isEqualTo("alice");
                    assertThat(l.delayed()).isNotNull();
                });
                guest.awaitSubject(s -> "Topic <b>one</b>".equals(s.subject()));
                assertThat(guest.lines).noneMatch(l -> "history 1".equals(l.body()));
                alice.awaitPresence(p -> "guest".equals(p.nick()) && p.available());
                assertThat(guest.occupants("lobby")).containsExactly("alice", "guest");

                String id = guest.say("lobby", "</body><message to='x'><body>inject & <script>");
                assertThat(alice.awaitLine("lobby", "</body><message to='x'><body>inject & <script>").nick())
                        .isEqualTo("guest");
                // the room reflects our own line with the id we sent
                assertThat(guest.awaitLine(l -> "guest".equals(l.nick()) && l.body() != null
                        && l.body().startsWith("</body>")).id()).isEqualTo(id);
                assertThat(guest.awaitLine(l -> "guest".equals(l.nick())).history()).isFalse();

                alice.sendPrivate("lobby", "guest", "psst");
                assertThat(guest.awaitPrivate(p -> "psst".equals(p.body())).nick()).isEqualTo("alice");
                assertThat(guest.lines).noneMatch(l -> "psst".equals(l.body()));

                guest.setPresence("lobby", Presence.Mode.dnd, "busy now");
                assertThat(alice.awaitPresence(p -> "guest".equals(p.nick()) && "busy now".equals(p.status())).show())
                        .isEqualTo("dnd");
                guest.leave("lobby");
                alice.awaitPresence(p -> "guest".equals(p.nick()) && !p.available());
            }
        }
    }

    @Test
    void tlsIsTrustedThroughTheTrustStoreAndRefusedOtherwise(@TempDir Path dir) throws Exception {
        try (ProsodyServer server = ProsodyServer.start(dir, ProsodyServer.Options.tlsRequired())) {
            server.register("bob", "bobpw");
            assertThat(server.trustStore()).exists();
            assertThat(server.certificate()).exists();
            try (SmackClient guest = SmackClient.anonymous(server);
                 SmackClient bob = SmackClient.account(server, "bob", "bobpw")) {
                assertThat(guest.connection().isSecureConnection()).isTrue();
                assertThat(bob.connection().isSecureConnection()).isTrue();
                bob.join("secure", "bob");
                guest.join("secure", "guest");
                guest.say("secure", "over tls");
                bob.awaitLine("secure", "over tls");
            }

            // the JDK's own trust (no trust store): PKIX
            XMPPTCPConnection untrusted = new XMPPTCPConnection(SmackClient.builder(server, ProsodyServer.ANON_DOMAIN)
                    .setCustomX509TrustManager(null).performSaslAnonymousAuthentication().build());
            assertThatThrownBy(() -> untrusted.connect().login()).hasStackTraceContaining("PKIX path building failed");
            untrusted.disconnect();

            // a trusted certificate that does not name the domain
            XMPPTCPConnection mismatch = new XMPPTCPConnection(SmackClient.builder(server,
                    ProsodyServer.MISMATCH_DOMAIN).performSaslAnonymousAuthentication().build());
            assertThatThrownBy(() -> mismatch.connect().login())
                    .hasStackTraceContaining("Hostname verification of certificate failed");
            mismatch.disconnect();

            // no TLS against a server that requires it
            XMPPTCPConnection plain = new XMPPTCPConnection(SmackClient.builder(server, ProsodyServer.ANON_DOMAIN)
                    .setSecurityMode(SecurityMode.disabled).performSaslAnonymousAuthentication().build());
            assertThatThrownBy(() -> plain.connect().login())
                    .isInstanceOf(SmackException.SecurityRequiredByServerException.class);
            plain.disconnect();
        }
    }

    @Test
    void restartKeepsThePortAndTheAccountsAndCloseStopsTheProcess(@TempDir Path dir) throws Exception {
        ProsodyServer server = ProsodyServer.start(dir);
        try {
            server.register("carol", "carolpw");
            int port = server.port();
            long firstPid = server.pid();
            try (SmackClient carol = SmackClient.account(server, "carol", "carolpw")) {
                carol.join("again", "carol");
                server.restart();
                assertThat(server.port()).isEqualTo(port);
                assertThat(server.pid()).isNotEqualTo(firstPid);
                assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                        .until(() -> !carol.isConnected());
            }
            try (SmackClient carol = SmackClient.account(server, "carol", "carolpw");
                 SmackClient guest = SmackClient.anonymous(server)) {
                carol.join("again", "carol");
                guest.join("again", "guest");
                guest.say("again", "after the restart");
                carol.awaitLine("again", "after the restart");
            }
        } finally {
            server.close();
        }
        ProcessHandle handle = ProcessHandle.of(server.pid()).orElse(null);
        assertThat(server.isAlive()).isFalse();
        assertThat(handle == null || !handle.isAlive()).isTrue();
    }
}
