package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the test harness against real ngircd: one server, then two linked into one network. */
class NgircdHarnessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void twoClientsChatInAChannelByteForByte(@TempDir Path dir) throws Exception {
        try (NgircdServer server = NgircdServer.start(dir);
             RawIrcClient alice = RawIrcClient.connect("alice", server.port());
             RawIrcClient bob = RawIrcClient.connect("bob", server.port())) {
            alice.join("#test");
            bob.join("#test");
            alice.await(l -> l.startsWith(":bob!") && l.contains(" JOIN "), WAIT);
            alice.sendBytes("PRIVMSG #test :caf\u00E9 \u0002bold\u0002\r\n".getBytes(StandardCharsets.UTF_8));
            byte[] line = bob.await(l -> l.contains(" PRIVMSG #test :"), WAIT);
            String expectedTail = " PRIVMSG #test :caf\u00E9 \u0002bold\u0002";
            assertThat(new String(line, StandardCharsets.UTF_8)).startsWith(":alice!").endsWith(expectedTail);
            assertThat(line).endsWith(expectedTail.getBytes(StandardCharsets.UTF_8));
            assertThat(alice.find(l -> l.contains(" PRIVMSG #test :"))).isEmpty();
        }
    }

    @Test
    void closeStopsTheServerProcess(@TempDir Path dir) throws Exception {
        NgircdServer server = NgircdServer.start(dir);
        ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
        server.close();
        assertThat(server.isAlive()).isFalse();
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void twoLinkedServersCarryAMessageBetweenTheirClients(@TempDir Path dir) throws Exception {
        try (NgircdServer.Linked net = NgircdServer.startLinked(dir);
             RawIrcClient alice = RawIrcClient.connect("alice", net.a().port())) {
            awaitLink(alice, "irc-b.test.local");
            try (RawIrcClient bob = RawIrcClient.connect("bob", net.b().port())) {
                bob.join("#net");
                alice.join("#net");
                // propagation across the link: bob sees alice's JOIN, and A lists bob in #net
                bob.await(l -> l.startsWith(":alice!") && l.contains(" JOIN "), WAIT);
                awaitNamesListing(alice, "#net", "bob");
                alice.send("PRIVMSG #net :across the link");
                byte[] atBob = bob.await(l -> l.contains(" PRIVMSG #net :"), WAIT);
                assertThat(new String(atBob, StandardCharsets.UTF_8)).startsWith(":alice!")
                        .endsWith(" PRIVMSG #net :across the link");
                bob.send("PRIVMSG alice :private back");
                byte[] atAlice = alice.await(l -> l.contains(" PRIVMSG alice :"), WAIT);
                assertThat(new String(atAlice, StandardCharsets.UTF_8)).startsWith(":bob!")
                        .endsWith(" PRIVMSG alice :private back");
            }
        }
    }

    /** Polls LINKS (bounded) until {@code server} is listed. */
    private static void awaitLink(RawIrcClient client, String server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int round = 0;
        while (true) {
            String marker = "links" + round++;
            client.send("LINKS");
            client.send("PING :" + marker);
            client.await(l -> l.contains(" PONG ") && l.endsWith(marker), WAIT);
            if (client.find(l -> l.contains(" 364 ") && l.contains(server)).isPresent()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no link to " + server + ": " + client.received());
            }
        }
    }

    /** Polls NAMES (bounded) until {@code nick} is listed in {@code channel}. */
    private static void awaitNamesListing(RawIrcClient client, String channel, String nick) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int round = 0;
        while (true) {
            String marker = "names" + round++;
            client.send("NAMES " + channel);
            client.send("PING :" + marker);
            byte[] pong = client.await(l -> l.contains(" PONG ") && l.endsWith(marker), WAIT);
            boolean listed = client.received().stream()
                    .anyMatch(l -> l.contains(" 353 ") && l.contains(channel) && l.matches(".*[ :@+]" + nick + "( .*|$)"));
            if (listed && pong != null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + " never listed in " + channel + ": " + client.received());
            }
        }
    }
}
