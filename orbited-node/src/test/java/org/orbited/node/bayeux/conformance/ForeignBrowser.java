package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.orbited.node.bayeux.wire.BayeuxWs;

/**
 * A browser other than the one under test: its own cookie jar, its own {@code BAYEUX_BROWSER} cookie (set by its
 * own handshake), raw HTTP and raw WebSocket. It tries another browser's clientId the way a leaked clientId would
 * be tried (bayeux.md section 7). Every wait is bounded by {@link RawBayeux#WAIT}.
 */
final class ForeignBrowser {
    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    ForeignBrowser(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .connectTimeout(RawBayeux.WAIT).build();
    }

    /** Handshakes over HTTP long-polling (which sets this browser's cookie); returns its own clientId. */
    String handshake() {
        JsonNode reply = post("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]").get(0);
        assertThat(reply.path("successful").asBoolean()).as("handshake %s", reply).isTrue();
        assertThat(cookie()).as("the handshake set this browser's cookie").isNotNull();
        return reply.path("clientId").asText();
    }

    /** This browser's {@code BAYEUX_BROWSER} value, or null before its handshake. */
    String cookie() {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals("BAYEUX_BROWSER")) {
                return c.getValue();
            }
        }
        return null;
    }

    /** POSTs a batch to {@code /cometd} with this browser's cookie; the answer must be 200 with a JSON array. */
    ArrayNode post(String batch) {
        return RawBayeux.array(RawBayeux.await(http.sendAsync(request(batch).build(), utf8())));
    }

    /** POSTs a batch to {@code /cometd} without any cookie (a client that keeps none). */
    ArrayNode postWithoutCookie(String batch) {
        HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(RawBayeux.WAIT)
                .build();
        return RawBayeux.array(RawBayeux.await(bare.sendAsync(request(batch).build(), utf8())));
    }

    private HttpRequest.Builder request(String batch) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cometd")).timeout(RawBayeux.WAIT)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(batch, StandardCharsets.UTF_8));
    }

    private static HttpResponse.BodyHandler<String> utf8() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    /** Opens a WebSocket on {@code /cometd} whose upgrade carries this browser's cookie. */
    BayeuxWs socket() {
        return BayeuxWs.open(port, "/cometd", "Cookie", "BAYEUX_BROWSER=" + cookie());
    }
}
