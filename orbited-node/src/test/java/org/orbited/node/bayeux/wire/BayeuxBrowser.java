package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated browser on the Bayeux endpoint: a {@link HttpClient} pinned to HTTP/1.1 (so no
 * {@code Upgrade: h2c}) with its own cookie jar, and the raw Bayeux steps written out as JSON text. Every wait is
 * bounded by {@link #WAIT}.
 */
final class BayeuxBrowser {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String JSON_TYPE = "application/json;charset=UTF-8";

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final AtomicInteger ids = new AtomicInteger();

    BayeuxBrowser(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .connectTimeout(WAIT).build();
    }

    int port() {
        return port;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** A fresh message id (alphanumeric, as the endpoint requires). */
    String id() {
        return String.valueOf(ids.incrementAndGet());
    }

    /** The value of cookie {@code name} in this browser's jar, or null. */
    String cookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    void forgetCookies() {
        cookies.getCookieStore().removeAll();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(WAIT);
    }

    CompletableFuture<HttpReply> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> new HttpReply(r.statusCode(), r.headers(), r.body()));
    }

    HttpReply send(HttpRequest request) {
        return await(sendAsync(request));
    }

    CompletableFuture<HttpReply> postAsync(String path, String json) {
        return sendAsync(request(path).header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    HttpReply post(String path, String json) {
        return await(postAsync(path, json));
    }

    /** POSTs to {@code /cometd}. */
    HttpReply post(String json) {
        return post("/cometd", json);
    }

    /** A callback-polling request: {@code GET /cometd?jsonp=callback&message=json} (no jsonp when null). */
    CompletableFuture<HttpReply> jsonpAsync(String callback, String json) {
        String q = (callback == null ? "" : "jsonp=" + enc(callback) + "&") + "message=" + enc(json);
        return sendAsync(request("/cometd?" + q).GET().build());
    }

    HttpReply jsonp(String callback, String json) {
        return await(jsonpAsync(callback, json));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpReply await(CompletableFuture<HttpReply> f) {
        return await(f, WAIT);
    }

    static HttpReply await(CompletableFuture<HttpReply> f, Duration wait) {
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no HTTP response within " + wait);
        } catch (ExecutionException e) {
            throw new AssertionError("HTTP exchange failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- Bayeux messages as text --------------------------------------------------------------------

    String handshakeJson(String types, String ext) {
        return "[{\"id\":\"" + id() + "\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\",\"channel\":\"/meta/handshake\","
                + "\"supportedConnectionTypes\":" + types + ",\"advice\":{\"timeout\":60000,\"interval\":0}"
                + (ext == null ? "" : ",\"ext\":" + ext) + "}]";
    }

    String connectJson(String clientId, String type, String extra) {
        return "[{\"id\":\"" + id() + "\",\"channel\":\"/meta/connect\",\"connectionType\":\"" + type + "\","
                + "\"clientId\":\"" + clientId + "\"" + (extra == null ? "" : "," + extra) + "}]";
    }

    String subscribeJson(String clientId, String subscription) {
        return "[{\"id\":\"" + id() + "\",\"channel\":\"/meta/subscribe\",\"subscription\":" + subscription
                + ",\"clientId\":\"" + clientId + "\"}]";
    }

    String publishJson(String clientId, String channel, String data) {
        return "[{\"id\":\"" + id() + "\",\"channel\":\"" + channel + "\",\"data\":" + data + ",\"clientId\":\""
                + clientId + "\"}]";
    }

    String disconnectJson(String clientId) {
        return "[{\"id\":\"" + id() + "\",\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]";
    }

    // ---- Bayeux steps that must succeed ---------------------------------------------------------------

    /** Handshakes over long-polling; returns the clientId. */
    String handshake() {
        return handshake(null);
    }

    String handshake(String ext) {
        HttpReply r = post("/cometd/handshake", handshakeJson("[\"long-polling\",\"callback-polling\"]", ext));
        return successful(r, "/meta/handshake").path("clientId").asText();
    }

    /** The first connect, {@code advice.timeout 0}: answered at once. */
    JsonNode firstConnect(String clientId) {
        HttpReply r = post("/cometd/connect", connectJson(clientId, "long-polling", "\"advice\":{\"timeout\":0}"));
        return successful(r, "/meta/connect");
    }

    /** Handshake and first connect; returns the clientId. */
    String connected() {
        String clientId = handshake();
        firstConnect(clientId);
        return clientId;
    }

    CompletableFuture<HttpReply> connectAsync(String clientId) {
        return postAsync("/cometd/connect", connectJson(clientId, "long-polling", null));
    }

    HttpReply subscribe(String clientId, String... channels) {
        String sub = channels.length == 1 ? "\"" + channels[0] + "\"" : "[\"" + String.join("\",\"", channels) + "\"]";
        HttpReply r = post(subscribeJson(clientId, sub));
        successful(r, "/meta/subscribe");
        return r;
    }

    HttpReply publish(String clientId, String channel, String data) {
        HttpReply r = post(publishJson(clientId, channel, data));
        successful(r, channel);
        return r;
    }

    /** Asserts a 200 JSON answer whose reply on {@code channel} is successful; returns that reply. */
    static JsonNode successful(HttpReply r, String channel) {
        assertThat(r.status()).as("HTTP status of %s", r.body()).isEqualTo(200);
        JsonNode reply = r.reply(channel);
        assertThat(reply.path("successful").asBoolean()).as("successful in %s", r.body()).isTrue();
        return reply;
    }
}
