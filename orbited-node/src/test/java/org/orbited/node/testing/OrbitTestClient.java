package org.orbited.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Orbit-protocol application client over a real socket: sends requests byte-exact and reads
 * replies framed at {@code \r\n\r\n}. Reads are bounded in time.
 */
public final class OrbitTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean eof;
    private int nextId = 1;

    public OrbitTestClient(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(100);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of one request as pyorbited writes it. */
    public static byte[] request(String id, List<String> recipients, byte[] body) {
        StringBuilder sb = new StringBuilder("Orbit 1.0\r\nEvent\r\nid: ").append(id).append("\r\n");
        for (String r : recipients) {
            sb.append("recipient: ").append(r).append("\r\n");
        }
        sb.append("length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends an event with the next id (returned) to {@code recipients}; body as UTF-8. */
    public String send(String body, String... recipients) {
        String id = String.valueOf(nextId++);
        write(request(id, List.of(recipients), body.getBytes(StandardCharsets.UTF_8)));
        return id;
    }

    public void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The next reply (through its blank line), waiting up to {@code wait}. */
    public String reply(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String s = pending.toString(StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n\r\n");
            if (end >= 0) {
                byte[] all = pending.toByteArray();
                pending.reset();
                pending.write(all, end + 4, all.length - end - 4);
                return s.substring(0, end + 4);
            }
            if (eof) {
                throw new AssertionError("Orbit connection closed; unread: " + RawHttp.printable(s));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no Orbit reply within " + wait + "; unread: " + RawHttp.printable(s));
            }
            readSome();
        }
    }

    public String reply() {
        return reply(Duration.ofSeconds(10));
    }

    /** The next {@code n} replies. */
    public List<String> replies(int n, Duration wait) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reply(wait));
        }
        return out;
    }

    /** True once the server has closed the connection (reads briefly to find out). */
    public boolean closedByServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!eof && System.nanoTime() < deadline) {
            readSome();
        }
        return eof;
    }

    private void readSome() {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
            } else {
                pending.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            eof = true;
        }
    }

    /** Half-closes: the server sees end of input, this client can still read. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes received but not yet returned by {@link #reply}, as ISO-8859-1 text. */
    public String unread() {
        return pending.toString(StandardCharsets.ISO_8859_1);
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
