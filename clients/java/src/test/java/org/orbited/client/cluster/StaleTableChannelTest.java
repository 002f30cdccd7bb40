package org.orbited.client.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;

/**
 * A channel sent with a stale table (docs/cluster.md): three routes, route 1 moves from node 1 to node 2 after the
 * client cached the table. Each route port here is a stand-in node answering as the current owner does
 * (docs/protocol.md, "Addressed node"): a request whose {@code node:} names another node gets {@code Failure} /
 * {@code msg: request addressed to another node} and is not delivered. Without the header the client's part for
 * node 1 (its lowest route in the stale table, route 1) was fanned out by node 2, which got its own part too: node 2
 * delivered twice and node 1 never, while the send reported success.
 */
class StaleTableChannelTest {
    private final int[] owner = {1, 1, 2}; // guarded by this
    private long version = 1; // guarded by this
    private final List<ServerSocket> ports = new ArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    /** Deliveries per node id: each delivered request's recipients (as written) and body. */
    private final Map<Integer, List<String>> delivered = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private int appBase;

    @AfterEach
    void stop() throws IOException {
        if (http != null) {
            http.stop(0);
        }
        for (ServerSocket s : ports) {
            s.close();
        }
        for (Socket s : accepted) {
            s.close();
        }
    }

    private synchronized String status() {
        return "{\"version\":" + version + ",\"routes\":3,\"browserBase\":" + (appBase + 100) + ",\"appBase\":" + appBase
                + ",\"owner\":[" + owner[0] + "," + owner[1] + "," + owner[2] + "],\"nodes\":[{\"id\":1,\"name\":\"a\","
                + "\"role\":\"active\"},{\"id\":2,\"name\":\"b\",\"role\":\"active\"}]}";
    }

    private synchronized void move(int route, int node) {
        owner[route - 1] = node;
        version++;
    }

    private synchronized int ownerOf(int route) {
        return owner[route - 1];
    }

    @Test
    void aChannelPartOnAMovedRouteIsRefusedByItsNewOwnerAndResentThroughTheMeantNode() throws Exception {
        startRoutePorts();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/status", ex -> {
            byte[] body = status().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try (OrbitCluster cluster = OrbitCluster.builder().gatewayHost("127.0.0.1")
                .statusUrl(java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/status"))
                .statusMaxAge(Duration.ofMinutes(5)).retryDeadline(Duration.ofSeconds(10)).build()) {
            assertThat(cluster.table().ownerOf(1)).isEqualTo(1);
            move(1, 2); // the cached table still says node 1 owns route 1

            SendResult r = cluster.send(List.of(Recipient.channel("/lobby")), "\"ev\"").get(20, SECONDS);

            assertThat(r.ok()).isTrue();
            assertThat(refusals).as("node 2 refused node 1's part on route 1").containsExactly("2 refused node: 1");
            assertThat(delivered.get(1)).as("node 1 fanned out once (through route 2)").containsExactly("[/lobby] \"ev\"");
            assertThat(delivered.get(2)).as("node 2 fanned out once, not twice").containsExactly("[/lobby] \"ev\"");
            assertThat(cluster.table().ownerOf(1)).isEqualTo(2); // refreshed after the refusal
        }
    }

    /**
     * A key on the moved route with the channel riding on its request (node 1 in the stale table): node 2 refuses
     * the whole request; then the key goes alone through its route (now node 2's) and the channel part for node 1
     * through route 2. Node 2 also gets its own channel part on route 3. Nothing is delivered twice.
     */
    @Test
    void aKeyRequestCarryingAChannelForTheFormerOwnerIsRefusedWholeThenSplit() throws Exception {
        startRoutePorts();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/status", ex -> {
            byte[] body = status().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try (OrbitCluster cluster = OrbitCluster.builder().gatewayHost("127.0.0.1")
                .statusUrl(java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/status"))
                .statusMaxAge(Duration.ofMinutes(5)).retryDeadline(Duration.ofSeconds(10)).build()) {
            String user = userOnRoute(1, 3);
            move(1, 2);

            SendResult r = cluster.send(List.of(org.orbited.client.Key.of(user, "s", "/ev"), Recipient.channel("/lobby")),
                    "\"ev\"").get(20, SECONDS);

            assertThat(r.ok()).isTrue();
            assertThat(refusals).containsExactly("2 refused node: 1");
            assertThat(delivered.get(1)).containsExactly("[/lobby] \"ev\"");
            assertThat(delivered.get(2)).containsExactlyInAnyOrder("[/lobby] \"ev\"", "[" + user + ", s, /ev] \"ev\"");
        }
    }

    private static String userOnRoute(int route, int routes) {
        for (int i = 0; ; i++) {
            if (Routes.routeOf("u" + i, routes) == route) {
                return "u" + i;
            }
        }
    }

    /** Three consecutive loopback ports; each connection is served by the route's owner at accept time. */
    private void startRoutePorts() throws IOException {
        for (int attempt = 0; attempt < 50 && ports.isEmpty(); attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 59000);
            List<ServerSocket> got = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    got.add(new ServerSocket(base + i, 50, InetAddress.getLoopbackAddress()));
                }
                appBase = base;
                ports.addAll(got);
            } catch (BindException e) {
                for (ServerSocket s : got) {
                    s.close();
                }
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            int route = i + 1;
            ServerSocket server = ports.get(i);
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.add(s);
                        int node = ownerOf(route);
                        Thread serve = new Thread(() -> serve(s, node), "stand-in node " + node + " route " + route);
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "route-port-" + route);
            t.setDaemon(true);
            t.start();
        }
    }

    /** A minimal Orbit node with gateway id {@code node}: Success, or the refusal for another node's request. */
    private void serve(Socket s, int node) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String id = null;
                String addressed = null;
                int length = -1;
                List<String> recipients = new ArrayList<>();
                String line;
                int lineNo = 0;
                while (!(line = readLine(in)).isEmpty()) {
                    if (lineNo++ < 2) {
                        continue; // version and action lines
                    }
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    switch (name) {
                        case "id" -> id = value;
                        case "node" -> addressed = value;
                        case "recipient" -> recipients.add(value);
                        case "length" -> length = Integer.parseInt(value);
                        default -> { }
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                String reply;
                if (addressed != null && !addressed.equals(Integer.toString(node))) {
                    refusals.add(node + " refused node: " + addressed);
                    reply = "Failure\r\nid: " + id + "\r\nmsg: request addressed to another node\r\n\r\n";
                } else {
                    delivered.computeIfAbsent(node, n -> new CopyOnWriteArrayList<>()).add(recipients + " " + body);
                    reply = "Success\r\nid: " + id + "\r\n\r\n";
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (EOF ends readLine with an exception)
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("end of stream");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
