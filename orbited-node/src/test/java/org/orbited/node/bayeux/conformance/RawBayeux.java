package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
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
 * One raw-HTTP Bayeux "browser": a {@link java.net.http.HttpClient} pinned to HTTP/1.1 (bayeux.md 4.1: no
 * {@code h2c} upgrade) with its own cookie jar, so it carries the {@code BAYEUX_BROWSER} cookie like a browser.
 * Used where the CometD Java client cannot show the wire: exact error strings, advice, extension fields, and
 * requests the client refuses to send. Every call is bounded by {@link #WAIT}.
 */
final class RawBayeux {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String clientId;

    RawBayeux(int port) {
        this.base = "http://127.0.0.1:" + port + "/cometd";
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(WAIT).build();
    }

    String clientId() {
        return clientId;
    }

    /** A fresh message id. */
    String nextId() {
        return Integer.toString(ids.incrementAndGet());
    }

    /** POSTs {@code body} to {@code /cometd} and waits for the answer. */
    HttpResponse<String> post(String body) {
        return await(postAsync(body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base)).timeout(WAIT)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs a batch that must be answered 200 with a JSON array, and returns that array. */
    ArrayNode exchange(String body) {
        return array(post(body));
    }

    static ArrayNode array(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("HTTP status of a Bayeux exchange; body %s", response.body())
                .isEqualTo(200);
        return array(response.body());
    }

    static ArrayNode array(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            assertThat(node.isArray()).as("a JSON array: %s", body).isTrue();
            return (ArrayNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
    }

    /** The reply to the message {@code id} in {@code batch}; fails when there is none. */
    static JsonNode reply(ArrayNode batch, String id) {
        for (JsonNode m : batch) {
            if (id.equals(m.path("id").asText(null)) && m.has("successful")) {
                return m;
            }
        }
        throw new AssertionError("no reply with id " + id + " in " + batch);
    }

    /** The deliveries (messages with {@code data} and no {@code successful}) on {@code channel} in {@code batch}. */
    static java.util.List<JsonNode> deliveries(ArrayNode batch, String channel) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode m : batch) {
            if (channel.equals(m.path("channel").asText()) && m.has("data") && !m.has("successful")) {
                out.add(m);
            }
        }
        return out;
    }

    /** Handshakes offering long-polling (with {@code ext} if not null); returns the reply. */
    JsonNode handshake(String ext) {
        String id = nextId();
        ArrayNode batch = exchange("[{\"id\":\"" + id + "\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"minimumVersion\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"]"
                + (ext == null ? "" : ",\"ext\":" + ext) + "}]");
        JsonNode reply = reply(batch, id);
        assertThat(reply.path("successful").asBoolean()).as("handshake %s", reply).isTrue();
        clientId = reply.path("clientId").asText();
        return reply;
    }

    JsonNode handshake() {
        return handshake(null);
    }

    /** A message of this session: {@code "id":…,"clientId":…,} followed by {@code fields}. */
    String msg(String id, String fields) {
        return "{\"id\":\"" + id + "\",\"clientId\":\"" + clientId + "\"," + fields + "}";
    }

    /** A {@code /meta/connect}; {@code advice} (e.g. {@code {"timeout":0}}) may be null. */
    String connectMessage(String id, String advice) {
        return msg(id, "\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\""
                + (advice == null ? "" : ",\"advice\":" + advice));
    }

    /** Sends a connect and returns the whole answer; {@code advice} may be null (the server's timeout). */
    ArrayNode connect(String advice) {
        return exchange("[" + connectMessage(nextId(), advice) + "]");
    }

    /** Sends a connect and returns its reply (deliveries in the same answer are dropped). */
    JsonNode connectReply(String advice) {
        String id = nextId();
        return reply(exchange("[" + connectMessage(id, advice) + "]"), id);
    }

    /** Sends one message built from {@code fields} and returns its reply. */
    JsonNode send(String fields) {
        String id = nextId();
        return reply(exchange("[" + msg(id, fields) + "]"), id);
    }

    JsonNode subscribe(String subscriptionJson) {
        return send("\"channel\":\"/meta/subscribe\",\"subscription\":" + subscriptionJson);
    }

    JsonNode unsubscribe(String subscriptionJson) {
        return send("\"channel\":\"/meta/unsubscribe\",\"subscription\":" + subscriptionJson);
    }

    JsonNode publish(String channel, String dataJson) {
        return send("\"channel\":\"" + channel + "\",\"data\":" + dataJson);
    }
}
