package org.orbited.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A misbehaving Orbit peer: accepts one connection and answers the first bytes it reads with a fixed
 * reply. It exists only to produce replies a real node never sends; every other test uses the node.
 */
final class FakeOrbitPeer implements AutoCloseable {
    private final ServerSocket server;

    FakeOrbitPeer(String reply) throws IOException {
        this(reply, false);
    }

    /** With {@code thenQuit}, the peer closes the connection and stops listening right after replying. */
    FakeOrbitPeer(String reply, boolean thenQuit) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                if (in.read(buf) > 0) {
                    s.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                }
                if (thenQuit) {
                    server.close();
                    return;
                }
                while (in.read(buf) >= 0) {
                    // hold the connection until the client closes it
                }
            } catch (IOException ignored) {
                // closed by the test
            }
        }, "fake-orbit-peer");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
