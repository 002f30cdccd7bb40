package org.orbited.halod.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.orbited.halod.link.LinkClient;
import org.orbited.halod.link.LinkSettings;

/** A real gateway on loopback for tests: control/admin on free ports, route ports at random free bases. */
final class RunningGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-token";

    final GatewayConfig config;
    HaloDGateway gateway;

    private RunningGateway(GatewayConfig config, HaloDGateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    /** Starts with routes N, the table in {@code dir}, and extra keys. */
    static RunningGateway start(Path dir, int routes, Map<String, String> extra) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(2000) * 10;
            Map<String, String> keys = new HashMap<>(Map.of("routes", String.valueOf(routes),
                    "browser.base", String.valueOf(base), "app.base", String.valueOf(base + 5000),
                    "control.port", "0", "admin.port", "0", "token", TOKEN,
                    "table.file", dir.resolve("table.json").toString()));
            keys.putAll(extra);
            GatewayConfig cfg = GatewayConfigParser.parse(null, keys, k -> null);
            try {
                return new RunningGateway(cfg, HaloDGateway.start(cfg));
            } catch (ListenerBindException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A new gateway object on the same configuration and ports (a restart). */
    void restart() throws Exception {
        int control = gateway.controlPort();
        gateway.close();
        gateway = HaloDGateway.start(config.withPorts(control, 0));
    }

    InetSocketAddress control() {
        return new InetSocketAddress("127.0.0.1", gateway.controlPort());
    }

    int browserPort(int route) {
        return config.ports().browserPort(route);
    }

    int appPort(int route) {
        return config.ports().appPort(route);
    }

    LinkClient client(String name, String browser, String app, RecordingNode control) {
        LinkSettings s = new LinkSettings(List.of(control()), TOKEN, name, browser, app, 100, 1000, 50, 200, 600);
        LinkClient c = new LinkClient(s, control);
        c.start();
        return c;
    }

    /** GET or POST {@code path} on the admin port: status code and body. */
    HttpResponse<String> admin(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** GET /status as JSON. */
    JsonNode status() throws Exception {
        return JSON.readTree(admin("GET", "/status").body());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
