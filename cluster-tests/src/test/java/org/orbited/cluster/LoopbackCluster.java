package org.orbited.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/**
 * A HaloD gateway and orbited-node processes on loopback, started from their runnable jars (system properties
 * {@code halod.jar}, {@code node.jar}) with configuration files in a temporary directory: the gateway's
 * {@code halod.properties} and one {@code NAME.cfg} per node ({@code [cluster] halod = 127.0.0.1:CONTROL}). Free
 * ports: control and admin from the kernel, the 2N route ports at a random base checked free. {@link #close()} kills
 * every process still running. Not thread-safe: one test thread drives it.
 */
final class LoopbackCluster implements AutoCloseable {
    static final String TOKEN = "cluster-test-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final int routes;
    final int browserBase;
    final int appBase;
    final int controlPort;
    final int adminPort;
    private final Map<String, String> gatewayKeys;
    JavaProcess gateway;
    final Map<String, JavaProcess> nodes = new LinkedHashMap<>();
    private final List<JavaProcess> all = new ArrayList<>();

    LoopbackCluster(Path dir, int routes, Map<String, String> extraGatewayKeys) throws IOException {
        this.dir = dir;
        this.routes = routes;
        this.controlPort = freePort();
        this.adminPort = freePort();
        int base = freeRange(2 * routes);
        this.browserBase = base;
        this.appBase = base + routes;
        gatewayKeys = new LinkedHashMap<>();
        gatewayKeys.put("routes", String.valueOf(routes));
        gatewayKeys.put("browser.base", String.valueOf(browserBase));
        gatewayKeys.put("app.base", String.valueOf(appBase));
        gatewayKeys.put("control.port", String.valueOf(controlPort));
        gatewayKeys.put("admin.port", String.valueOf(adminPort));
        gatewayKeys.put("token", TOKEN);
        gatewayKeys.put("table.file", dir.resolve("halod-table.json").toString());
        gatewayKeys.putAll(extraGatewayKeys);
        StringBuilder props = new StringBuilder("# written by LoopbackCluster\n");
        gatewayKeys.forEach((k, v) -> props.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(dir.resolve("halod.properties"), props);
    }

    /** Starts the gateway and waits until its admin port answers /status. */
    void startGateway() throws IOException {
        gateway = JavaProcess.start("halod", dir, System.getProperty("halod.jar"), List.of("-Xmx128m"),
                "--config", dir.resolve("halod.properties").toString());
        all.add(gateway);
        Awaitility.await("gateway /status").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> status() != null || !gateway.alive());
        if (!gateway.alive()) {
            throw new AssertionError("gateway exited:\n" + gateway.output());
        }
    }

    /** Writes NAME.cfg and starts the node (not waiting). */
    JavaProcess startNode(String name) throws IOException {
        Path cfg = dir.resolve(name + ".cfg");
        Files.writeString(cfg, """
                [global]
                http.port = 0
                op.port = 0
                http.bind = 127.0.0.1
                op.bind = 127.0.0.1
                shutdown.drain = 3

                [cluster]
                node_name = %s
                halod = 127.0.0.1:%d
                token = %s
                move_drain = 500
                """.formatted(name, controlPort, TOKEN));
        JavaProcess p = JavaProcess.start(name, dir, System.getProperty("node.jar"), List.of("-Xmx160m"),
                cfg.toString());
        nodes.put(name, p);
        all.add(p);
        return p;
    }

    /** Waits until {@code names} are all live active nodes in /status. */
    void awaitLive(Duration wait, String... names) {
        Awaitility.await("live nodes " + List.of(names)).atMost(wait).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    JsonNode s = status();
                    for (String n : names) {
                        JsonNode node = nodeNamed(s, n);
                        if (node == null || !node.path("live").asBoolean() || !"active".equals(node.path("role").asText())) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** The gateway's /status document, or null when it does not answer 200. */
    JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/status")))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/metrics"))).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POST /drain?node=NAME: the status code and body. */
    HttpResponse<String> drain(String name) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/drain?node=" + name)))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    static JsonNode nodeNamed(JsonNode status, String name) {
        for (JsonNode n : status.path("nodes")) {
            if (name.equals(n.path("name").asText())) {
                return n;
            }
        }
        return null;
    }

    /** The id the gateway gave {@code name} (0 when absent). */
    int idOf(String name) throws IOException, InterruptedException {
        JsonNode n = nodeNamed(status(), name);
        return n == null ? 0 : n.path("id").asInt();
    }

    /** owner[r-1] of the current table. */
    static int[] owners(JsonNode status) {
        JsonNode o = status.path("owner");
        int[] out = new int[o.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = o.get(i).asInt();
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        for (JavaProcess p : all) {
            p.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** A base b with b..b+count-1 all free on 127.0.0.1 just now (checked by binding each). */
    private static int freeRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 30000 + ThreadLocalRandom.current().nextInt(2500) * 10;
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + count; p++) {
                    ServerSocket s = new ServerSocket();
                    held.add(s);
                    s.bind(new InetSocketAddress("127.0.0.1", p));
                }
                return base;
            } catch (IOException busy) {
                // try another base
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no free range of " + count + " ports");
    }
}
