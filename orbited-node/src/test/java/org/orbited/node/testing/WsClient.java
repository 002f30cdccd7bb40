package org.orbited.node.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own WebSocket client ({@link HttpClient#newWebSocketBuilder()}) recording every text
 * message and the close it receives. With {@code demand} false it requests nothing, so it stops reading
 * (a slow consumer) until {@link #startReading()}.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean demand;
    private WebSocket ws;

    private WsClient(boolean demand) {
        this.demand = demand;
    }

    /** Connects to {@code ws://127.0.0.1:port + pathAndQuery}. */
    public static WsClient connect(int port, String pathAndQuery, boolean demand) {
        WsClient c = new WsClient(demand);
        c.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), c).orTimeout(10, TimeUnit.SECONDS)
                .join();
        return c;
    }

    public static WsClient connect(int port, String pathAndQuery) {
        return connect(port, pathAndQuery, true);
    }

    public WebSocket socket() {
        return ws;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (demand) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    /** Gives the client demand again (after connecting without). */
    public void startReading() {
        demand = true;
        ws.request(1);
    }

    /** The next text message, or an AssertionError after {@code wait}. */
    public String next(Duration wait) {
        try {
            String t = texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no WebSocket message within " + wait);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next text message if one arrives within {@code wait}, else null. */
    public String poll(Duration wait) {
        try {
            return texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Messages already received and not yet taken. */
    public boolean hasQueued() {
        return !texts.isEmpty();
    }

    /** The close code the server sent, waiting up to {@code wait}. */
    public int awaitClose(Duration wait) {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no WebSocket close within " + wait);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // the JDK client's ProtocolException has no message; its cause says which frame rule broke
            throw new AssertionError("WebSocket failed instead of closing: " + root, e);
        }
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    public String closeReason() {
        return closeReason;
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.abort();
    }
}
