package org.orbited.node.bayeux.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A minimal Bayeux long-polling client over java.net.http with its own cookie jar (one browser). */
final class BayeuxHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    String clientId;

    BayeuxHttp(int port) {
        this.url = "http://127.0.0.1:" + port + "/cometd";
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(String body) throws Exception {
        HttpResponse<String> r = postAsync(body).get();
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    BayeuxHttp handshake() throws Exception {
        clientId = post("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":"
                + "[\"long-polling\"]}]").get(0).get("clientId").asText();
        post(connectBody("0"));
        return this;
    }

    String connectBody(String timeout) {
        return "[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"clientId\":\"" + clientId + "\""
                + (timeout == null ? "" : ",\"advice\":{\"timeout\":" + timeout + "}") + "}]";
    }

    /** GET {@code path} on the node; the body. */
    static String get(int port, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    JsonNode subscribe(String channel) throws Exception {
        return post("[{\"channel\":\"/meta/subscribe\",\"subscription\":\"" + channel + "\",\"clientId\":\""
                + clientId + "\"}]");
    }
}
