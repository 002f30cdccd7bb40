package org.orbited.client.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.orbited.node.testing.RunningNode;

/**
 * Stands in for the HaloD gateway, which another engineer is writing: N browser route ports and N app
 * route ports on loopback ({@code browserBase + r - 1}, {@code appBase + r - 1}), each a plain TCP
 * relay to the node that owns route r, and an HTTP server answering {@code GET /status} with the
 * contract's JSON. {@link #move} switches a route to another node the way the real gateway's change
 * sequence does it from the outside: the table (and /status) first, then the old owner's connections
 * on that route go: browser connections end gracefully (the node sees the end of the request stream
 * and closes; everything it wrote still arrives before the end), app connections are cut at once, so
 * requests in flight lose their replies. It writes no PROXY header and speaks no control link: the
 * cluster integration test against the real gateway comes with the gateway.
 */
final class GatewayStandIn implements AutoCloseable {
    private final List<RunningNode> nodes;
    private final int[] owner; // node index + 1 per route; guarded by this
    private long version = 1; // guarded by this
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final int browserBase;
    private final int appBase;
    private final HttpServer http;
    private final Map<Integer, List<Socket[]>> browserConns = new ConcurrentHashMap<>();
    private final Map<Integer, List<Socket[]>> appConns = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> requestsByRoute = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> failuresByNode = new ConcurrentHashMap<>();
    final AtomicInteger statusRequests = new AtomicInteger();

    /** Routes 1..owner.length, route r owned by {@code nodes.get(owner[r-1] - 1)} (node ids are 1-based). */
    GatewayStandIn(List<RunningNode> nodes, int... owner) throws IOException {
        this.nodes = nodes;
        this.owner = owner.clone();
        this.browserBase = bindRange(owner.length, false);
        this.appBase = bindRange(owner.length, true);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/status", ex -> {
            statusRequests.incrementAndGet();
            byte[] body = statusJson().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    int routes() {
        return owner.length;
    }

    int browserBase() {
        return browserBase;
    }

    int appBase() {
        return appBase;
    }

    URI statusUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/status");
    }

    /** Requests ({@code Orbit/1.0} lines) relayed through route r's app port so far. */
    int requests(int route) {
        return requestsByRoute.computeIfAbsent(route, r -> new AtomicInteger()).get();
    }

    /** {@code Failure} replies node {@code id} sent through any app port so far. */
    int failuresFrom(int nodeId) {
        return failuresByNode.computeIfAbsent(nodeId, r -> new AtomicInteger()).get();
    }

    synchronized String statusJson() {
        StringBuilder s = new StringBuilder("{\"version\":").append(version).append(",\"routes\":").append(owner.length)
                .append(",\"browserBase\":").append(browserBase).append(",\"appBase\":").append(appBase).append(",\"owner\":[");
        for (int i = 0; i < owner.length; i++) {
            s.append(i == 0 ? "" : ",").append(owner[i]);
        }
        s.append("],\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            s.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"name\":\"n").append(i + 1)
                    .append("\",\"role\":\"active\"}");
        }
        return s.append("]}").toString();
    }

    /** Route {@code route} now belongs to node {@code nodeId}; the old owner's connections on it end (class comment). */
    void move(int route, int nodeId) {
        synchronized (this) {
            owner[route - 1] = nodeId;
            version++;
        }
        for (Socket[] pair : browserConns.getOrDefault(route, List.of())) {
            try {
                pair[1].shutdownOutput(); // the node reads the end of the request and closes; the pump drains
            } catch (IOException ignored) {
                // already gone
            }
        }
        for (Socket[] pair : appConns.getOrDefault(route, List.of())) {
            closeQuietly(pair[0]);
            closeQuietly(pair[1]);
        }
        browserConns.remove(route);
        appConns.remove(route);
    }

    private synchronized int target(int route, boolean app) {
        RunningNode n = nodes.get(owner[route - 1] - 1);
        return app ? n.orbitPort() : n.httpPort();
    }

    private synchronized int ownerOf(int route) {
        return owner[route - 1];
    }

    private int bindRange(int n, boolean app) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 60000 - n);
            List<ServerSocket> got = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    got.add(new ServerSocket(base + i, 50, InetAddress.getLoopbackAddress()));
                }
            } catch (BindException e) {
                for (ServerSocket s : got) {
                    s.close();
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                int route = i + 1;
                ServerSocket s = got.get(i);
                listeners.add(s);
                Thread t = new Thread(() -> acceptLoop(s, route, app), "standin-" + (app ? "app" : "browser") + "-" + route);
                t.setDaemon(true);
                t.start();
            }
            return base;
        }
        throw new IOException("no free range of " + n + " loopback ports after 50 tries");
    }

    private void acceptLoop(ServerSocket server, int route, boolean app) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int nodeId = ownerOf(route);
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target(route, app));
                Socket[] pair = {client, node};
                (app ? appConns : browserConns).computeIfAbsent(route, r -> new CopyOnWriteArrayList<>()).add(pair);
                pump(client, node, app ? requestsByRoute.computeIfAbsent(route, r -> new AtomicInteger()) : null,
                        "Orbit/1.0\r\n");
                pump(node, client, app ? failuresByNode.computeIfAbsent(nodeId, r -> new AtomicInteger()) : null,
                        "Failure\r\n");
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Relays {@code from} to {@code to} until the end, counting occurrences of {@code marker} if asked. */
    private static void pump(Socket from, Socket to, AtomicInteger count, String marker) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            String tail = "";
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    if (count != null) {
                        String s = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                        for (int at = s.indexOf(marker); at >= 0; at = s.indexOf(marker, at + 1)) {
                            count.incrementAndGet();
                        }
                        tail = s.substring(Math.max(0, s.length() - marker.length() + 1));
                    }
                }
            } catch (IOException e) {
                // cut: closing both ends (try-with-resources) passes it on
            }
        }, "standin-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        for (ServerSocket s : listeners) {
            s.close();
        }
        for (Map<Integer, List<Socket[]>> m : List.of(browserConns, appConns)) {
            m.values().forEach(l -> l.forEach(p -> {
                closeQuietly(p[0]);
                closeQuietly(p[1]);
            }));
        }
    }
}
