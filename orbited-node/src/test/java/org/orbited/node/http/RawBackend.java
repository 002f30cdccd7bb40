package org.orbited.node.http;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a raw server socket that misbehaves on purpose, and counts connections accepted and
 * connections the proxy closed. Request bodies are not read: use it with GET only.
 */
final class RawBackend implements Closeable {
    enum Mode {
        /** Answers every request {@code 200 ok}, keeping the connection open. */
        KEEP_ALIVE,
        /** Sends a head promising 100000 bytes, 1000 of them, then closes. */
        TRUNCATE,
        /** Resets the connection (RST) after reading the request head. */
        RESET,
        /** Reads the request and never answers. */
        HANG
    }

    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closedByProxy = new AtomicInteger();
    private final ServerSocket server;
    private final Mode mode;

    RawBackend(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "raw-backend-" + mode);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "raw-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (readHead(in)) {
                switch (mode) {
                    case KEEP_ALIVE -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                    case TRUNCATE -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000)));
                        out.flush();
                        return;
                    }
                    case RESET -> {
                        s.setSoLinger(true, 0);
                        return;
                    }
                    case HANG -> {
                        // answer nothing; wait for the next request or the close
                    }
                }
                out.flush();
            }
            closedByProxy.incrementAndGet();
        } catch (IOException e) {
            // the proxy went away; nothing to do
        }
    }

    /** Reads through the blank line; false at end of stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            state = switch (c) {
                case '\r' -> state == 0 || state == 2 ? state + 1 : 1;
                case '\n' -> state == 1 || state == 3 ? state + 1 : 0;
                default -> 0;
            };
            if (state == 4) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
