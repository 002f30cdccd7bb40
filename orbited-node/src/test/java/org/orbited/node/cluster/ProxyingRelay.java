package org.orbited.node.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the HaloD relay in tests: listens on a free loopback port and forwards each connection to the
 * node, writing a PROXY v2 header for one route port first, so that the suite's ordinary clients can reach a node
 * with {@code proxy_from = 127.0.0.1} as a given route. Two threads per connection; closing stops everything.
 */
final class ProxyingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ProxyingRelay(int nodePort, int routePort) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket node = new Socket(InetAddress.getLoopbackAddress(), nodePort);
                    sockets.add(client);
                    sockets.add(node);
                    node.getOutputStream().write(ProxyV2.header(client.getPort(), routePort, 0));
                    pipe(client, node);
                    pipe(node, client);
                }
            } catch (IOException closed) {
                // the relay was closed
            }
        }, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput(); // half-close travels on, as in the gateway
            } catch (IOException e) {
                closeQuietly(to);
            }
        }, "relay-pipe");
        t.setDaemon(true);
        t.start();
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
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
