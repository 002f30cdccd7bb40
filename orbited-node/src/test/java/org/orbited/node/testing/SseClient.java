package org.orbited.node.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw-socket {@code EventSource} stand-in: sends the request, checks the chunked framing strictly
 * while decoding it, and parses the decoded body into SSE messages. Reads are bounded in time.
 */
public final class SseClient implements AutoCloseable {
    /** One SSE block: a comment ({@code : ping}) or fields; {@code data} joins data lines with LF. */
    public record Message(boolean comment, String event, String id, String data, String retry) {
        public boolean isEvent() {
            return !comment && event == null && retry == null && id != null;
        }
    }

    private final RawHttp http;
    private int taken;

    private SseClient(RawHttp http) {
        this.http = http;
    }

    /** Opens {@code GET uri} with {@code headers} (each a full {@code Name: value} line, no CRLF). */
    public static SseClient open(int port, String uri, String... headers) {
        StringBuilder req = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\nAccept: text/event-stream\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        return new SseClient(RawHttp.send(port, req.append("\r\n").toString()));
    }

    public RawHttp raw() {
        return http;
    }

    /** The response head through its blank line, waiting for it. */
    public String head() {
        String t = http.awaitText("\r\n\r\n");
        return t.substring(0, t.indexOf("\r\n\r\n") + 4);
    }

    /** The decoded body of every complete chunk so far; fails on a malformed chunk. */
    public String body() {
        return decode(http.text()).body;
    }

    /** True once the terminating zero-length chunk has arrived. */
    public boolean ended() {
        return decode(http.text()).ended;
    }

    /** Every complete message so far, comments and controls included. */
    public List<Message> messages() {
        return parse(body());
    }

    /** Waits until at least {@code n} messages have arrived; returns all of them. */
    public List<Message> awaitMessages(int n, Duration wait) {
        http.await(t -> parse(decode(t).body).size() >= n, n + " SSE messages", wait);
        return messages();
    }

    /** Waits until a message matching {@code what} arrived; returns all messages. */
    public List<Message> awaitMessage(java.util.function.Predicate<Message> what, String desc, Duration wait) {
        http.await(t -> parse(decode(t).body).stream().anyMatch(what), desc, wait);
        return messages();
    }

    /** Reads once (bounded) and returns the messages that arrived since the previous call. */
    public List<Message> poll() {
        http.readOnce();
        List<Message> all = messages();
        List<Message> fresh = new ArrayList<>(all.subList(taken, all.size()));
        taken = all.size();
        return fresh;
    }

    public boolean closedByServer() {
        return http.isClosedByServer();
    }

    private record Decoded(String body, boolean ended) {
    }

    private static Decoded decode(String text) {
        int at = text.indexOf("\r\n\r\n");
        if (at < 0) {
            return new Decoded("", false);
        }
        int pos = at + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int eol = text.indexOf("\r\n", pos);
            if (eol < 0) {
                break;
            }
            String sizeLine = text.substring(pos, eol);
            if (!sizeLine.matches("[0-9a-f]+")) {
                throw new AssertionError("bad chunk size line \"" + RawHttp.printable(sizeLine) + "\" at " + pos);
            }
            int size = Integer.parseInt(sizeLine, 16);
            int start = eol + 2;
            if (text.length() < start + size + 2) {
                break;
            }
            if (!text.startsWith("\r\n", start + size)) {
                throw new AssertionError("chunk of " + size + " bytes at " + pos + " not followed by CRLF");
            }
            if (size == 0) {
                return new Decoded(out.toString(StandardCharsets.UTF_8), true);
            }
            byte[] b = text.substring(start, start + size).getBytes(StandardCharsets.ISO_8859_1);
            out.write(b, 0, b.length);
            pos = start + size + 2;
        }
        return new Decoded(out.toString(StandardCharsets.UTF_8), false);
    }

    private static List<Message> parse(String body) {
        List<Message> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int end = body.indexOf("\n\n", pos);
            if (end < 0) {
                return out;
            }
            String block = body.substring(pos, end);
            pos = end + 2;
            if (block.startsWith(":")) {
                out.add(new Message(true, null, null, block, null));
                continue;
            }
            String event = null;
            String id = null;
            String retry = null;
            StringBuilder data = null;
            for (String line : block.split("\n", -1)) {
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    throw new AssertionError("SSE line without \": \": \"" + line + "\"");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 2);
                switch (name) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "retry" -> retry = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> throw new AssertionError("unknown SSE field " + name);
                }
            }
            out.add(new Message(false, event, id, data == null ? null : data.toString(), retry));
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
