package org.orbited.node.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP backend (the JDK's server) behind the proxy. It remembers the last request it saw and the
 * client ports of the connections requests came on, which counts backend connections.
 *
 * <ul>
 *   <li>{@code /app/echo}: 200 with the request body as the body (fixed length).
 *   <li>{@code /app/chunked}: 200, chunked, body {@code alpha-beta-gamma}.
 *   <li>{@code /app/hop}: 200 {@code hop} with {@code Connection: x-custom}, {@code X-Custom},
 *       {@code Keep-Alive} and the end-to-end {@code X-Kept}.
 * </ul>
 */
final class JdkBackend implements AutoCloseable {
    final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    final AtomicReference<String> lastUri = new AtomicReference<>();
    final AtomicReference<String> lastMethod = new AtomicReference<>();
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    JdkBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/app/echo", x -> {
            byte[] body = record(x);
            x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/app/chunked", x -> {
            record(x);
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (String part : new String[] {"alpha-", "beta-", "gamma"}) {
                    out.write(part.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        server.createContext("/app/hop", x -> {
            record(x);
            Headers h = x.getResponseHeaders();
            h.set("Connection", "x-custom");
            h.set("X-Custom", "secret");
            h.set("Keep-Alive", "timeout=5");
            h.set("X-Kept", "yes");
            byte[] body = "hop".getBytes(StandardCharsets.US_ASCII);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private byte[] record(HttpExchange x) throws IOException {
        connections.add(x.getRemoteAddress().getPort());
        lastHeaders.set(x.getRequestHeaders());
        lastUri.set(x.getRequestURI().toString());
        lastMethod.set(x.getRequestMethod());
        return x.getRequestBody().readAllBytes();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
