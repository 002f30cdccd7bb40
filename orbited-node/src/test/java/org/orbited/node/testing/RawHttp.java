package org.orbited.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw socket to the HTTP port that records every byte the server sends, so tests can check the exact
 * bytes of a transport. Reads are bounded in time; nothing here sleeps.
 */
public final class RawHttp implements AutoCloseable {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean eof;

    private RawHttp(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(100);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and sends {@code GET uri HTTP/1.1} with a Host header. */
    public static RawHttp get(int port, String uri) {
        return send(port, "GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
    }

    /** Connects and sends {@code request} verbatim (ISO-8859-1). */
    public static RawHttp send(int port, String request) {
        RawHttp h = new RawHttp(port);
        h.write(request.getBytes(StandardCharsets.ISO_8859_1));
        return h;
    }

    /** Connects without sending anything. */
    public static RawHttp connect(int port) {
        return new RawHttp(port);
    }

    public void write(byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything received so far, as ISO-8859-1 text (one char per byte). */
    public synchronized String text() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    public synchronized byte[] bytes() {
        return received.toByteArray();
    }

    /** Reads until the received text contains {@code expected}; fails after the default wait. */
    public String awaitText(String expected) {
        return awaitText(expected, DEFAULT_WAIT);
    }

    public String awaitText(String expected, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!text().contains(expected)) {
            if (eof) {
                throw new AssertionError("connection closed before \"" + printable(expected) + "\"; received:\n"
                        + printable(text()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + printable(expected) + "\" within " + wait + "; received:\n"
                        + printable(text()));
            }
            readSome();
        }
        return text();
    }

    /**
     * Reads until {@code done} holds for the received text; fails after {@code wait} (or at close)
     * naming {@code what}.
     */
    public String await(java.util.function.Predicate<String> done, String what, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!done.test(text())) {
            if (eof) {
                throw new AssertionError("connection closed before " + what + "; received:\n" + printable(text()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + wait + "; received:\n" + printable(text()));
            }
            readSome();
        }
        return text();
    }

    /** Reads once (up to the 100 ms socket timeout) and returns everything received so far. */
    public String readOnce() {
        if (!eof) {
            readSome();
        }
        return text();
    }

    /** Reads until the server closes the connection; fails after {@code wait}. Returns all bytes as text. */
    public String awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!eof) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection still open after " + wait + "; received:\n" + printable(text()));
            }
            readSome();
        }
        return text();
    }

    public String awaitClose() {
        return awaitClose(DEFAULT_WAIT);
    }

    /** Reads whatever arrives within {@code wait} (for checking that nothing more came). */
    public String drain(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!eof && System.nanoTime() < deadline) {
            readSome();
        }
        return text();
    }

    public boolean isClosedByServer() {
        return eof;
    }

    private void readSome() {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                return;
            }
            synchronized (this) {
                received.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            eof = true;
        }
    }

    /** Text with CR and LF made visible, for failure messages. */
    public static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n\n");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
