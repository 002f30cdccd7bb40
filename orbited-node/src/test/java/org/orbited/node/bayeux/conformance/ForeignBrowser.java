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
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
    Socket socket() {
        Socket s = new Socket();
        s.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(RawBayeux.WAIT)
                .header("Cookie", "BAYEUX_BROWSER=" + cookie())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/cometd"), s)
                .orTimeout(RawBayeux.WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return s;
    }

    /** One raw Bayeux WebSocket: send a batch, read the next frame. */
    static final class Socket implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket ws;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** Sends {@code batch} and returns the next frame as a JSON array. */
        ArrayNode exchange(String batch) {
            ws.sendText(batch, true).orTimeout(RawBayeux.WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            try {
                String frame = frames.poll(RawBayeux.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == null) {
                    throw new AssertionError("no frame within " + RawBayeux.WAIT + " after " + batch
                            + (closed.isDone() ? "; the socket closed: " + closed.handle((c, e) -> c != null ? c : e).join() : ""));
                }
                return RawBayeux.array(frame);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
