package org.orbited.node.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code long_poll} over one raw keep-alive socket: sends a poll, reads exactly one response (head plus
 * {@code Content-Length} body), and reconnects when the server closed. Reads are bounded in time.
 */
public final class LongPollClient implements AutoCloseable {
    private static final Pattern LENGTH = Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n");

    /** One poll's answer: the exact head and the body (UTF-8). */
    public record Response(String head, String body) {
        public boolean closes() {
            return head.contains("\r\nConnection: close\r\n");
        }
    }

    private final int port;
    private RawHttp http;
    private int offset;
    private int connections;

    public LongPollClient(int port) {
        this.port = port;
    }

    /** Sends {@code GET uri} on the current connection (opening one if needed). */
    public void send(String uri, String... headers) {
        if (http == null || http.isClosedByServer()) {
            if (http != null) {
                http.close();
            }
            http = RawHttp.connect(port);
            offset = 0;
            connections++;
        }
        StringBuilder req = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        http.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Waits for the answer to the poll sent last. */
    public Response await(Duration wait) {
        int from = offset;
        String text = http.await(t -> complete(t, from) > 0, "long-poll response", wait);
        int end = complete(text, from);
        String all = text.substring(from, end);
        int headEnd = all.indexOf("\r\n\r\n") + 4;
        offset = end;
        Response r = new Response(all.substring(0, headEnd),
                new String(all.substring(headEnd).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        if (r.closes()) {
            http.awaitClose(Duration.ofSeconds(5));
        }
        return r;
    }

    /** The answer to the outstanding poll if it is complete after one bounded read, else null. */
    public Response tryAwait() {
        if (http.isClosedByServer() && complete(http.text(), offset) < 0) {
            throw new AssertionError("long-poll connection closed without an answer: "
                    + RawHttp.printable(http.text().substring(offset)));
        }
        if (complete(http.readOnce(), offset) < 0) {
            return null;
        }
        return await(Duration.ofSeconds(1));
    }

    /** True when the answer to the outstanding poll has arrived (one bounded read; nothing consumed). */
    public boolean answerReady() {
        return http != null && complete(http.readOnce(), offset) >= 0;
    }

    /** True when no answer to the outstanding poll arrives within {@code wait}. */
    public boolean quietFor(Duration wait) {
        String t = http.drain(wait);
        return t.length() == offset;
    }

    public Response poll(String uri, Duration wait) {
        send(uri);
        return await(wait);
    }

    /** Drops the connection from the client side. */
    public void drop() {
        if (http != null) {
            http.close();
            http = null;
        }
    }

    /** How many TCP connections this client has opened. */
    public int connections() {
        return connections;
    }

    /** The end index of a complete response starting at {@code from}, or -1. */
    private static int complete(String t, int from) {
        int headEnd = t.indexOf("\r\n\r\n", from);
        if (headEnd < 0) {
            return -1;
        }
        Matcher m = LENGTH.matcher(t.substring(from, headEnd + 2));
        if (!m.find()) {
            throw new AssertionError("response without Content-Length: " + RawHttp.printable(t.substring(from)));
        }
        int end = headEnd + 4 + Integer.parseInt(m.group(1));
        return t.length() >= end ? end : -1;
    }

    @Override
    public void close() {
        drop();
    }
}
