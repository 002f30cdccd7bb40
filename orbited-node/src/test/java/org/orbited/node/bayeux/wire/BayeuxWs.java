package org.orbited.node.bayeux.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Bayeux WebSocket from the JDK's client, with the upgrade headers a browser would send ({@code Origin},
 * {@code Cookie}); records every text frame and the close. Waits are bounded.
 */
public final class BayeuxWs implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /** Opens {@code ws://127.0.0.1:port/path}; {@code headers} are name, value pairs. */
    public static BayeuxWs open(int port, String path, String... headers) {
        BayeuxWs c = new BayeuxWs();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        c.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + path), c).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

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
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    void send(String text) {
        ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next text frame, or an AssertionError after {@code wait}. */
    String next(Duration wait) {
        try {
            String t = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no WebSocket frame within " + wait);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String next() {
        return next(BayeuxBrowser.WAIT);
    }

    /** Sends {@code batch} and returns the next frame, which must be a JSON array. */
    public com.fasterxml.jackson.databind.node.ArrayNode exchange(String batch) {
        send(batch);
        JsonNode tree = HttpReply.parse(next());
        if (!tree.isArray()) {
            throw new AssertionError("frame is not a JSON array: " + tree + " (after " + batch + ")");
        }
        return (com.fasterxml.jackson.databind.node.ArrayNode) tree;
    }

    /** The next frame as a list of messages. */
    List<JsonNode> nextMessages() {
        JsonNode tree = HttpReply.parse(next());
        if (!tree.isArray()) {
            throw new AssertionError("frame is not a JSON array: " + tree);
        }
        List<JsonNode> out = new ArrayList<>();
        tree.forEach(out::add);
        return out;
    }

    /** The server closed the socket (or it failed). */
    boolean closed() {
        return closeCode.isDone();
    }

    /** The close code the server sent, waiting up to {@code wait}. */
    int awaitClose(Duration wait) {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no WebSocket close within " + wait);
        } catch (Exception e) {
            throw new AssertionError("WebSocket failed instead of closing", e);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
