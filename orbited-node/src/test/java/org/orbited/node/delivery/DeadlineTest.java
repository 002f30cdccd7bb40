package org.orbited.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;

/** The delivery deadline answers every request, even when a browser stops reading mid-write. */
class DeadlineTest {
    private static final String KEY = "stuck, 0, /d";

    @Test
    void browserThatStopsReadingCannotHoldRepliesPastTheDeadline() throws IOException {
        try (RunningNode node = RunningNode.start(b -> b.eventDeadline(Duration.ofSeconds(1))
                .sessionQueueBytes(256L << 20).sessionQueueLimit(10_000));
             Socket browser = new Socket();
             OrbitTestClient app = node.orbit()) {
            browser.setReceiveBufferSize(4096); // and never read: the node's writes stall
            browser.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.httpPort()));
            OutputStream out = browser.getOutputStream();
            out.write("GET /d?user=stuck&transport=stream HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            node.awaitConnections("stuck", "0", "/d", 1);

            byte[] body = new byte[1 << 20];
            Arrays.fill(body, (byte) 'x');
            int n = 12; // 12 MiB: far more than the socket buffers on both sides hold
            for (int i = 1; i <= n; i++) {
                app.write(OrbitTestClient.request(String.valueOf(i), List.of(KEY), body));
            }
            List<String> replies = app.replies(n, Duration.ofSeconds(20));
            assertThat(replies).as("every request answered").hasSize(n);
            assertThat(replies).anyMatch(r -> r.startsWith("Failure\r\n"));
            assertThat(replies).allMatch(r -> r.startsWith("Success\r\n") || r.endsWith(
                    "msg: Failed to reach one or more recipients\r\nrecipient: (stuck, 0, /d)\r\n\r\n"));
        }
    }

    @Test
    void largestBodyReachesAReadingBrowserWellWithinTheDeadline() {
        try (RunningNode node = RunningNode.start(b -> b.eventDeadline(Duration.ofSeconds(1)));
             org.orbited.node.testing.RawHttp b = node.get("/d?user=r&transport=stream");
             OrbitTestClient app = node.orbit()) {
            node.awaitConnections("r", "0", "/d", 1);
            byte[] body = new byte[1 << 20];
            Arrays.fill(body, (byte) 'x');
            app.write(OrbitTestClient.request("1", List.of("r, 0, /d"), body));
            assertThat(app.reply(Duration.ofSeconds(10))).isEqualTo("Success\r\nid: 1\r\n\r\n");
            assertThat(b.awaitText("x".repeat(1000)).length()).isPositive();
        }
    }
}
