package org.orbited.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A browser that stays connected as a page does: it opens its transport on the browser route port of its user, reads
 * events, and when the connection ends (reconnect instruction, FIN, reset, refused) opens it again on the same port
 * after a short pause (50 ms, doubling to 400 ms while it fails). Transports: {@code sse}, {@code long_poll} (with
 * {@code last_event_id} of the last event it got), {@code xhr_stream} and {@code websocket}. Each event body carries
 * a marker {@code ev#N#}; the browser counts how often each N arrived and remembers when each connection began and
 * when its first event came. One daemon thread per browser (WebSocket: the JDK client's threads); everything it
 * records is thread-safe. {@link #close()} stops it.
 */
final class LoopBrowser implements AutoCloseable {
    static final Pattern MARK = Pattern.compile("ev#(\\d+)#");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** One connection: when it was opened and when its first event arrived (0 = none yet). */
    static final class Connection {
        final long openedNanos = System.nanoTime();
        volatile long firstEventNanos;
    }

    final String user;
    final String transport;
    final int port;
    final Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    /** When each event first arrived (System.nanoTime()). */
    final Map<Integer, Long> arrived = new ConcurrentHashMap<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final HttpClient http;
    private volatile boolean closed;
    private volatile String lastId;
    private final Thread thread;

    LoopBrowser(String user, String transport, int port, HttpClient http) {
        this.user = user;
        this.transport = transport;
        this.port = port;
        this.http = http;
        thread = new Thread(this::run, "browser-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    String uri(String scheme) {
        return scheme + "://127.0.0.1:" + port + "/ev?user=" + user + "&session=s&transport=" + transport;
    }

    private void run() {
        long pause = 50;
        while (!closed) {
            Connection c = new Connection();
            connections.add(c);
            try {
                switch (transport) {
                    case "websocket" -> websocket(c);
                    case "long_poll" -> longPoll(c);
                    default -> stream(c);
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended: reconnect
            } catch (InterruptedException e) {
                return;
            }
            pause = c.firstEventNanos != 0 ? 50 : Math.min(400, pause * 2);
            try {
                Thread.sleep(pause); // a page's reconnect pause, not a test wait
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** sse and xhr_stream: one GET whose body lines carry the events, until the server ends it. */
    private void stream(Connection c) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri("http")));
        if (lastId != null && transport.equals("sse")) {
            b.header("Last-Event-ID", lastId);
        }
        HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("status " + r.statusCode());
        }
        try (Stream<String> lines = r.body()) {
            lines.forEach(line -> {
                if (closed) {
                    throw new IllegalStateException("closed");
                }
                if (line.startsWith("id: ")) {
                    lastId = line.substring(4);
                }
                record(c, line);
                if (line.equals("reconnect") || line.equals("event: reconnect")) {
                    throw new IllegalStateException("reconnect instruction");
                }
            });
        }
    }

    private void longPoll(Connection c) throws IOException, InterruptedException {
        while (!closed) {
            String q = uri("http") + (lastId == null ? "" : "&last_event_id=" + lastId);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(q)).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("status " + r.statusCode());
            }
            String body = r.body();
            Matcher ids = ID.matcher(body);
            while (ids.find()) {
                lastId = ids.group(1);
            }
            record(c, body);
            if (body.contains("\"type\":\"reconnect\"")) {
                return;
            }
        }
    }

    private void websocket(Connection c) throws InterruptedException {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    record(c, text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                ended.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                ended.complete(null);
            }
        };
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
                    .buildAsync(URI.create(uri("ws")), listener).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return;
        }
        while (!closed && !ended.isDone()) {
            try {
                ended.get(200, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // keep waiting
            }
        }
        ws.abort();
    }

    private void record(Connection c, String text) {
        Matcher m = MARK.matcher(text);
        while (m.find()) {
            if (c.firstEventNanos == 0) {
                c.firstEventNanos = System.nanoTime();
            }
            int seq = Integer.parseInt(m.group(1));
            arrived.putIfAbsent(seq, System.nanoTime());
            seen.merge(seq, 1, Integer::sum);
        }
    }

    /**
     * When the first event numbered {@code seq} or later arrived (0 = none yet): events sent after a route moved can
     * only come from the new owner, so this is when the browser was back.
     */
    long firstArrivalFrom(int seq) {
        return arrived.entrySet().stream().filter(e -> e.getKey() >= seq).mapToLong(Map.Entry::getValue).min().orElse(0);
    }

    String state() {
        return user + "(" + transport + ", port " + port + "): " + connections.size() + " connections, " + seen.size()
                + " events, last " + arrived.keySet().stream().mapToInt(i -> i).max().orElse(0);
    }

    boolean hasEvent() {
        return !seen.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
