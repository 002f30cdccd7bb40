package org.orbited.examples.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The chat's HTTP side on the JDK {@link HttpServer}: {@code GET /} serves the page, and
 * {@code POST /join}, {@code /say}, {@code /leave} (form-encoded) change the {@link ChatRoom}, which
 * pushes the result to every browser through the node. Browsers reach it through the node's
 * {@code [proxy]}, so the page, these posts and the comet location share one origin.
 */
final class ChatServer implements AutoCloseable {
    private static final int MAX_FORM_BYTES = 8192;
    private final HttpServer http;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final ChatRoom room;
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] page;

    ChatServer(InetSocketAddress address, ChatRoom room) throws IOException {
        this.room = room;
        try (InputStream in = ChatServer.class.getResourceAsStream("chat.html")) {
            page = in.readAllBytes();
        }
        http = HttpServer.create(address, 50);
        http.setExecutor(workers);
        http.createContext("/", this::route);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    private void route(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("/")) {
                send(ex, 200, "text/html; charset=utf-8", page);
                return;
            }
            if (!method.equals("POST")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> form = form(ex);
            try {
                switch (path) {
                    case "/join" -> {
                        ChatRoom.Member m = room.join(form.get("name"));
                        byte[] body = json.writeValueAsBytes(Map.of("name", m.name(), "token", m.token(),
                                "location", ChatRoom.LOCATION));
                        send(ex, 200, "application/json", body);
                    }
                    case "/say" -> {
                        room.say(form.get("name"), form.get("token"), form.get("text"));
                        send(ex, 204, null, null);
                    }
                    case "/leave" -> {
                        room.leave(form.get("name"), form.get("token"));
                        send(ex, 204, null, null);
                    }
                    default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (ChatRoom.Refused r) {
                send(ex, r.status, "text/plain; charset=utf-8", (r.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (UncheckedIOException | IOException e) {
            // the browser went away mid-answer
        }
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readNBytes(MAX_FORM_BYTES);
        Map<String, String> out = new HashMap<>();
        for (String pair : new String(raw, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
