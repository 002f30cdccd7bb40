package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;

/**
 * The reply to a channel publication comes after the node handed the fan-out to the subscribers' sockets
 * (orbit-protocol.md §2.3: it succeeds once the fan-out is queued; the node waits until the queued writes ran), so
 * a publisher that waits for each reply is paced by the writes. On loopback a write that returned has put its bytes
 * in the reader's socket, so right after {@code Success} every subscriber must have bytes to read. Without the pacing
 * the reply leaves before most of a 1,000-subscriber fan-out has been written.
 */
class ChannelReplyPacingTest {
    private static final int SUBSCRIBERS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "io.threads = {0}")
    @ValueSource(ints = {1, 3})
    void successComesAfterEverySubscriberWasWritten(int ioThreads) throws Exception {
        List<Socket> subs = new ArrayList<>();
        try (RunningNode node = RunningNode.start(b -> b.ioThreads(ioThreads));
             OrbitTestClient app = node.orbit()) {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), node.httpPort());
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(("GET /pace?user=u" + i + "&transport=sse&channel=/pace HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                subs.add(s);
            }
            for (int i = 0; i < SUBSCRIBERS; i++) {
                node.awaitConnections("u" + i, "0", "/pace", 1);
            }
            // a first publication, read to its end on every socket: everything before it is consumed
            String warm = app.send("\"warm-up\"", "/pace");
            assertThat(app.reply(WAIT)).isEqualTo("Success\r\nid: " + warm + "\r\n\r\n");
            for (Socket s : subs) {
                readUntil(s.getInputStream(), "warm-up");
            }
            for (int round = 0; round < 3; round++) {
                String id = app.send("\"paced-" + round + "\"", "/pace");
                assertThat(app.reply(WAIT)).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
                int empty = 0;
                for (Socket s : subs) {
                    if (s.getInputStream().available() == 0) {
                        empty++;
                    }
                }
                assertThat(empty).as("subscribers with nothing to read right after Success (round %d)", round)
                        .isZero();
                for (Socket s : subs) {
                    readUntil(s.getInputStream(), "paced-" + round);
                }
            }
        } finally {
            for (Socket s : subs) {
                s.close();
            }
        }
    }

    /** Reads (bounded by the socket timeout) until {@code marker} and the end of its SSE event were read. */
    private static void readUntil(InputStream in, String marker) {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int at = seen.indexOf(marker);
                if (at >= 0 && seen.indexOf("\n\n", at) >= 0) {
                    return;
                }
                int n = in.read(buf);
                if (n < 0) {
                    throw new IllegalStateException("closed before " + marker + "; read: " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("waiting for " + marker + "; read: " + seen, e);
        }
    }
}
