package org.orbited.node.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP backend for a {@code [proxy]} rule on {@code /app/} (the JDK's server): records the
 * {@code X-Forwarded-For} of the last request; {@code /app/held} answers only once {@link #release} is called (at
 * most 10 s later), so a test can act while a proxied response is under way; anything else is answered at once.
 * Every answer is 200 with {@link #BODY}.
 */
final class HeldBackend implements AutoCloseable {
    static final String BODY = "backend body";
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicReference<String> forwardedFor = new AtomicReference<>();

    HeldBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", x -> {
            forwardedFor.set(x.getRequestHeaders().getFirst("X-Forwarded-For"));
            x.getRequestBody().readAllBytes();
            if (x.getRequestURI().getPath().equals("/app/held")) {
                held.countDown();
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
            x.getResponseHeaders().set("Content-Type", "text/plain");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Whether a request for {@code /app/held} is being held. */
    boolean holding() {
        return held.getCount() == 0;
    }

    void release() {
        released.countDown();
    }

    /** The {@code X-Forwarded-For} of the last request (null: none). */
    String forwardedFor() {
        return forwardedFor.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
