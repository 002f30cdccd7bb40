package org.orbited.node.bayeux.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the node that can drop a connection in the middle of a response: while cuts
 * remain, a server-to-client read containing {@code marker} is forwarded only up to the byte before the marker,
 * then both sockets are closed. The client thus gets a truncated HTTP response (a lost {@code /meta/connect}
 * reply) while the server believes it delivered the whole answer. Plain sockets, one thread per direction.
 */
final class TcpCutProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger cutsDone = new AtomicInteger();
    private volatile String marker = "\u0000never";
    private volatile boolean closed;

    TcpCutProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cut-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Cuts the next {@code times} server-to-client reads that contain {@code marker} (ASCII). */
    void cutResponsesContaining(String marker, int times) {
        this.marker = marker;
        cutsLeft.set(times);
    }

    int cutsDone() {
        return cutsDone.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                start("cut-proxy-up", () -> pump(client, upstream, false));
                start("cut-proxy-down", () -> pump(upstream, client, true));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean serverToClient) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (serverToClient && cutsLeft.get() > 0) {
                    int at = new String(buf, 0, n, StandardCharsets.ISO_8859_1).indexOf(marker);
                    if (at >= 0 && cutsLeft.getAndDecrement() > 0) {
                        out.write(buf, 0, at);
                        out.flush();
                        cutsDone.incrementAndGet();
                        closeQuietly(to);
                        closeQuietly(from);
                        return;
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction closed the pair; fall through
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
