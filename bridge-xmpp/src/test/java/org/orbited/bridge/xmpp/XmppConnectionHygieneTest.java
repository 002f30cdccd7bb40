package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * The bridge's own threads end with the plugin, and the room sees the occupant leave when the node stops; and a
 * server that never answers the login is given up after {@code register.timeout} ({@code
 * xmpp_registration_timeout}) and retried.
 */
class XmppConnectionHygieneTest {
    @TempDir
    Path dir;

    private static Set<String> bridgeThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("xmpp.hygiene-")).collect(Collectors.toSet());
    }

    @Test
    void stoppingTheNodeEndsTheBridgesThreadsAndTheOccupantLeaves() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp.hygiene",
                    XmppTestOptions.local(prosody.port()))));
            try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
                helper.join("lobby", "helper");
                try (BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
                    browser.subscribe(XmppTestOptions.room("lobby"));
                    browser.await(type("names"));
                }
                assertThat(bridgeThreads()).contains("xmpp.hygiene-io", "xmpp.hygiene-timer",
                        "xmpp.hygiene-relay-timer");
                node.close();
                helper.awaitPresence(p -> "bridge".equals(p.nick()) && !p.available());
                Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(bridgeThreads()).as("the bridge's threads after stop").isEmpty());
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTheLoginIsGivenUpAfterTheRegisterTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp.silent",  // its login thread outlives
                     XmppTestOptions.local(silent.getLocalPort(), "register.timeout", "1s", "reply.timeout", "5s"))));
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            Thread acceptor = new Thread(() -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (held.size() < 20) {
                        held.add(silent.accept());  // accepted and never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test ended
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            browser.subscribe(XmppTestOptions.room("lobby"));
            Map<String, Object> down = browser.await(m -> "disconnected".equals(m.get("status")));
            assertThat(down).containsEntry("code", "xmpp_registration_timeout");
            browser.await(m -> "reconnecting".equals(m.get("status")));
        }
    }
}
