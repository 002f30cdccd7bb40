package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R5 and B8 against a real ngircd: a connection stopped while its TCP connect is still under way never registers
 * (no zombie left online after a logout), and a stopped connection's threads all end. With PircBotX 2.1 the stop's
 * QUIT waits for the socket and goes out as soon as it connects, so the {@code SocketConnectEvent} guard in
 * {@code ConnectionEvents.handle} is a second line here; the test holds the contract either way.
 */
class NetworkConnectionStopTest {
    @TempDir
    Path dir;

    /** The platform socket factory, but connecting only after {@code delay} (a slow DNS lookup or connect). */
    static final class SlowSocketFactory extends SocketFactory {
        private final long delayMillis;

        SlowSocketFactory(Duration delay) {
            this.delayMillis = delay.toMillis();
        }

        private void pause() throws IOException {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            pause();
            return SocketFactory.getDefault().createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            pause();
            return SocketFactory.getDefault().createSocket(host, port, local, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            pause();
            return SocketFactory.getDefault().createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            pause();
            return SocketFactory.getDefault().createSocket(host, port, local, localPort);
        }
    }

    /** Records what the connection reports. */
    static final class Recorder implements NetworkConnection.Callbacks {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onStatus(String status, String reason) {
            seen.add(status);
        }

        @Override
        public void onRegistered(String nick) {
            seen.add("registered " + nick);
        }

        @Override
        public void onCaseMapping(CaseMapping caseMapping) {
        }

        @Override
        public void onEvent(IrcEventTranslator.Delivery delivery) {
        }
    }

    static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void aConnectionStoppedWhileItsConnectIsSlowClosesWhenTheSocketConnectsAndNeverRegisters() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RawIrcClient watcher = RawIrcClient.connect("watcher", ircd.port())) {
            IrcOptions options = IrcOptions.parse("irc.local", IrcTestOptions.local(ircd.port()));
            Recorder recorder = new Recorder();
            NetworkConnection c = new NetworkConnection(options, new NetworkConnection.Profile("zombie", "web",
                    "test", false, "local-zombie"), options.timing(), new SlowSocketFactory(Duration.ofSeconds(3)),
                    recorder);
            c.start();
            Thread.sleep(200);  // the reader is now inside the slow connect (stopping earlier is fine too)
            c.stop("logged out");
            c.terminated().get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> threads("irc-local-zombie-") == 0);
            assertThat(recorder.seen).noneMatch(s -> s.startsWith("registered"));
            watcher.send("WHOIS zombie");
            watcher.await(l -> l.contains(" 401 watcher zombie "), Duration.ofSeconds(10));
        }
    }

    @Test
    void aRegisteredConnectionStopsWithQuitAndAllItsThreadsEnd() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RawIrcClient watcher = RawIrcClient.connect("watcher", ircd.port())) {
            // a long registration timeout: a timer like that must not keep the io thread alive after stop (B8)
            IrcOptions options = IrcOptions.parse("irc.local", IrcTestOptions.local(ircd.port(),
                    "register.timeout", "10m"));
            Recorder recorder = new Recorder();
            NetworkConnection c = new NetworkConnection(options, new NetworkConnection.Profile("leaver", "web",
                    "test", false, "local-leaver"), options.timing(), null, recorder);
            c.start();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(c::isRegistered);
            watcher.send("WHOIS leaver");
            watcher.await(l -> l.contains(" 311 watcher leaver "), Duration.ofSeconds(10));
            c.stop("€".repeat(400));  // 1200 bytes: cut to 300 so the QUIT itself is not refused
            c.terminated().get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> threads("irc-local-leaver-") == 0);
        }
    }
}
