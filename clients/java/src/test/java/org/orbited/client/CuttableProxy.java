package org.orbited.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the client and the real node that a test can cut (close every relayed
 * connection at once) and make swallow one direction, to lose requests or replies on purpose.
 * New connections are accepted and relayed as long as the proxy is open.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream swallowed = new ByteArrayOutputStream();
    private volatile boolean swallowRequests;
    private volatile boolean swallowReplies;
    private volatile int accepted;

    CuttableProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted;
    }

    /** Client-to-node bytes are read and dropped (kept for {@link #swallowedRequests()}) while set. */
    void swallowRequests(boolean on) {
        swallowRequests = on;
    }

    /** Node-to-client bytes are read and dropped while set. */
    void swallowReplies(boolean on) {
        swallowReplies = on;
    }

    /** How many requests ({@code Orbit/1.0} lines) were swallowed so far. */
    synchronized int swallowedRequests() {
        return swallowed.toString(StandardCharsets.ISO_8859_1).split("Orbit/1.0\r\n", -1).length - 1;
    }

    /** Closes every relayed connection (both sides), as a network failure would. */
    void cut() {
        for (Socket s : sockets) { // only what was closed is removed: a connection accepted meanwhile stays listed
            try {
                s.close();
            } catch (IOException ignored) {
                // cutting
            }
            sockets.remove(s);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(node);
                accepted++;
                pump(client, node, true);
                pump(node, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (requests && swallowRequests) {
                        synchronized (this) {
                            swallowed.write(buf, 0, n);
                        }
                    } else if (!requests && swallowReplies) {
                        continue;
                    } else {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // cut or closed: closing both ends (try-with-resources) propagates it
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
