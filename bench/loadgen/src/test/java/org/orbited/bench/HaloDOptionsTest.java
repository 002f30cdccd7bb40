package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.RunningNode;

/**
 * The generator's HaloD options (bench/halod): the route-port rule, the publisher's source address and the
 * servers' CPU over the publishing window against a real node, and the failover scenario's reconnects against a
 * loopback stand-in that drops each browser's first connection. Nothing here asserts a timing.
 */
class HaloDOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void browserPortFollowsTheRouteRule() {
        Endpoints single = new Endpoints(Server.orbited, "127.0.0.1", 24000, 25000, "/", "/cometd", "/sub", "/pub", "c");
        assertThat(single.browserPort("alice")).isEqualTo(24000);
        Endpoints routed = new Endpoints(Server.orbited, "127.0.0.1", 24000, 25000, "/", "/cometd", "/sub", "/pub", "c",
                24, null);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String user = "u" + i;
            CRC32 crc = new CRC32();
            crc.update(user.getBytes(StandardCharsets.UTF_8));
            int port = routed.browserPort(user);
            assertThat(port).isEqualTo(24000 + (int) (crc.getValue() % 24));
            seen.add(port);
        }
        assertThat(seen).hasSize(24).allMatch(p -> p >= 24000 && p < 24024);
    }

    @Test
    void fanoutMeasuresServerCpuAndPublishesFromTheGivenSource() throws Exception {
        try (RunningNode node = RunningNode.start()) {
            Path out = dir.resolve("fanout.json");
            long pid = ProcessHandle.current().pid(); // the node runs in this JVM
            assertThat(Main.run(new String[] {"fanout", "--transport", "sse", "--subscribers", "10", "--rate", "500",
                    "--max-messages", "40", "--duration", "2", "--sample", "2", "--publisher-source", "127.0.0.2",
                    "--cpu-pid", Long.toString(pid), "--port", Integer.toString(node.httpPort()), "--orbit-port",
                    Integer.toString(node.orbitPort()), "--out", out.toString(), "--deadline", "60"})).isZero();
            JsonNode m = JSON.readTree(Files.readString(out)).path("metrics");
            assertThat(m.path("deliveries").asLong()).isEqualTo(400);
            assertThat(m.path("server_cpu_s").has(Long.toString(pid))).isTrue();
            assertThat(m.path("server_cpu_ns_per_delivery").asDouble()).isPositive();
        }
    }

    @Test
    void failoverWritesOneReconnectPerDroppedBrowser() throws Exception {
        int browsers = 4;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            List<Socket> kept = new ArrayList<>();
            Thread stub = new Thread(() -> serve(server, browsers, kept), "stub");
            stub.setDaemon(true);
            stub.start();
            Path events = dir.resolve("events.txt");
            Path out = dir.resolve("failover.json");
            assertThat(Main.run(new String[] {"failover", "--connections", Integer.toString(browsers), "--duration", "3",
                    "--events", events.toString(), "--port", Integer.toString(server.getLocalPort()),
                    "--out", out.toString(), "--deadline", "60"})).isZero();
            stub.interrupt();
            stub.join(5000);
            List<String> lines = Files.readAllLines(events);
            assertThat(lines).hasSize(browsers).allMatch(l -> l.matches("RECONNECT \\d+ \\d+ \\d+ 1"));
            for (String l : lines) {
                String[] f = l.split(" ");
                assertThat(Long.parseLong(f[3])).isGreaterThanOrEqualTo(Long.parseLong(f[2]));
            }
            JsonNode m = JSON.readTree(Files.readString(out)).path("metrics");
            assertThat(m.path("reconnects").asInt()).isEqualTo(browsers);
            assertThat(m.path("up_at_end").asInt()).isEqualTo(browsers);
            for (Socket s : kept) {
                s.close();
            }
        }
    }

    /** Answers every request with an SSE head; closes the first {@code drop} connections right after it. */
    private static void serve(ServerSocket server, int drop, List<Socket> kept) {
        int accepted = 0;
        while (!Thread.currentThread().isInterrupted() && accepted < 100) {
            try {
                Socket s = server.accept();
                accepted++;
                InputStream in = s.getInputStream();
                int crlf = 0;
                for (int b; crlf < 2 && (b = in.read()) >= 0; ) { // the request head, up to its blank line
                    crlf = b == '\n' ? crlf + 1 : (b == '\r' ? crlf : 0);
                }
                OutputStream o = s.getOutputStream();
                o.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                if (accepted <= drop) {
                    s.close();
                } else {
                    kept.add(s);
                }
            } catch (SocketTimeoutException e) {
                // poll the interrupt flag
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}
