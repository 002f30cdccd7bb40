package org.orbited.bridge.irc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The helper on IRC for the benchmarks: a plain socket, no library. Unlike the tests' {@code RawIrcClient} (which
 * keeps every line and rescans them on each wait) it hands each line to a {@link LineHandler} on its reader thread
 * the moment it arrives, with {@link System#nanoTime()}, so the helper can answer at once and the timing is the
 * wire's. It answers {@code PING} itself; {@link #await} waits (bounded) for one line.
 */
final class IrcHelper implements AutoCloseable {
    /** Called on the reader thread for every line (CRLF removed, UTF-8); must not block for long. */
    interface LineHandler {
        void on(String line, long nanos);
    }

    private final String nick;
    private final Socket socket;
    private final OutputStream out;
    private final CopyOnWriteArrayList<LineHandler> handlers = new CopyOnWriteArrayList<>();

    private IrcHelper(String nick, int port) throws IOException {
        this.nick = nick;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "irc-helper-" + nick);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects, registers as {@code nick} and waits (10 s) for the 001 welcome. */
    static IrcHelper connect(String nick, int port) throws IOException {
        IrcHelper h = new IrcHelper(nick, port);
        try {
            CompletableFuture<String> welcome = h.expect(l -> l.contains(" 001 " + nick + " "));
            h.send("NICK " + nick);
            h.send("USER " + nick + " 0 * :orbited bench helper");
            h.get(welcome, 10);
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    void onLine(LineHandler handler) {
        handlers.add(handler);
    }

    /** A future completed by the first line from now on matching {@code match}. */
    CompletableFuture<String> expect(Predicate<String> match) {
        CompletableFuture<String> f = new CompletableFuture<>();
        LineHandler[] self = new LineHandler[1];
        self[0] = (line, nanos) -> {
            if (!f.isDone() && match.test(line)) {
                f.complete(line);
                handlers.remove(self[0]);
            }
        };
        handlers.add(self[0]);
        return f;
    }

    /** Sends {@code command} and waits (at most {@code seconds}) for the first line matching {@code match}. */
    String await(String command, Predicate<String> match, int seconds) throws IOException {
        CompletableFuture<String> f = expect(match);
        send(command);
        return get(f, seconds);
    }

    private String get(CompletableFuture<String> f, int seconds) throws IOException {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(nick + ": no expected line within " + seconds + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Joins {@code channel} and waits (10 s) for the end of its NAMES. */
    void join(String channel) throws IOException {
        await("JOIN " + channel, l -> l.contains(" 366 " + nick + " " + channel + " "), 10);
    }

    /** Sends one line (CRLF added), UTF-8. */
    synchronized void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                }
                for (LineHandler h : handlers) {
                    h.on(line, now);
                }
            }
        } catch (IOException closed) {
            // socket closed
        }
    }

    @Override
    public void close() {
        try {
            send("QUIT :bench done");
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
