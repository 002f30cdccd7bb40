package org.orbited.bridge.irc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A plain-socket IRC client for tests: no library between the test and the wire. It records every line it
 * receives byte for byte ({@link #receivedLines()}, CRLF removed, nothing decoded or trimmed), answers
 * {@code PING} itself, and offers bounded waits ({@link #await}). A reader thread ({@code raw-irc-NICK}) fills the
 * record; all methods are thread-safe.
 */
public final class RawIrcClient implements AutoCloseable {
    private final String nick;
    private final Socket socket;
    private final OutputStream out;
    private final List<byte[]> lines = new ArrayList<>();
    private final Thread reader;

    private RawIrcClient(String nick, int port) throws IOException {
        this.nick = nick;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "raw-irc-" + nick);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code 127.0.0.1:port}, registers as {@code nick} and waits (10 s) for the 001 welcome. */
    public static RawIrcClient connect(String nick, int port) throws IOException {
        return connect(nick, port, null);
    }

    /** As {@link #connect(String, int)}, sending {@code PASS password} first when it is not null. */
    public static RawIrcClient connect(String nick, int port, String password) throws IOException {
        RawIrcClient c = new RawIrcClient(nick, port);
        try {
            if (password != null) {
                c.send("PASS " + password);
            }
            c.send("NICK " + nick);
            c.send("USER " + nick + " 0 * :raw test client " + nick);
            c.await(l -> l.contains(" 001 " + nick + " "), Duration.ofSeconds(10));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public String nick() {
        return nick;
    }

    /** Sends {@code line} plus CRLF as UTF-8, unchecked: tests may send anything. */
    public void send(String line) throws IOException {
        sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes as they are (add the CRLF yourself). */
    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Joins {@code channel} and waits (10 s) for the end of its NAMES list. */
    public void join(String channel) throws IOException {
        send("JOIN " + channel);
        await(l -> l.contains(" 366 " + nick + " " + channel + " "), Duration.ofSeconds(10));
    }

    /** Every line received so far, exactly as its bytes arrived (CRLF removed). */
    public synchronized List<byte[]> receivedLines() {
        return List.copyOf(lines);
    }

    /** The received lines decoded as UTF-8 (lossy), for matching. */
    public synchronized List<String> received() {
        return lines.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /**
     * Waits until a received line (decoded as UTF-8) matches, at most {@code timeout}; lines received before the
     * call count too.
     *
     * @return that line's bytes
     * @throws IllegalStateException naming the lines seen when the time runs out or the connection closes
     */
    public synchronized byte[] await(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (match.test(new String(lines.get(checked), StandardCharsets.UTF_8))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!reader.isAlive() && checked == lines.size())) {
                throw new IllegalStateException(nick + " did not receive the expected line within " + timeout
                        + "; received:\n" + String.join("\n", received()));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The first received line matching, if any (no waiting). */
    public synchronized Optional<byte[]> find(Predicate<String> match) {
        return lines.stream().filter(b -> match.test(new String(b, StandardCharsets.UTF_8))).findFirst();
    }

    private void readLoop() {
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    byte[] exact = java.util.Arrays.copyOf(bytes, len);
                    line.reset();
                    String text = new String(exact, StandardCharsets.UTF_8);
                    if (text.startsWith("PING ")) {
                        send("PONG " + text.substring(5));
                    }
                    synchronized (this) {
                        lines.add(exact);
                        notifyAll();
                    }
                } else {
                    line.write(b);
                }
            }
        } catch (IOException closed) {
            // socket closed: the record stays readable
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Sends QUIT (best effort) and closes the socket; the reader ends. */
    @Override
    public void close() {
        try {
            if (!socket.isClosed()) {
                send("QUIT :bye");
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
