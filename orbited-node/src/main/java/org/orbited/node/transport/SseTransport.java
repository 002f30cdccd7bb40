package org.orbited.node.transport;

import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Event;

/**
 * Standard Server-Sent Events ({@code sse}, for {@code EventSource}): head H-SSE with chunked transfer
 * encoding, a {@code retry:} field first, {@code id:} and one {@code data:} line per body line per
 * event, comment pings, and {@code reset}/{@code close}/{@code reconnect} controls, with {@code hello}
 * first when asked for. Resumable through {@code Last-Event-ID}. Every write is one HTTP chunk. Not recycled
 * unless {@code modern_stream_max_bytes} is set: a browser does not keep an {@code EventSource}'s body, and curl
 * or a server-side reader would not reconnect.
 */
final class SseTransport extends Transport {
    private static final byte[] CRLF = Bytes.ascii("\r\n");
    private static final byte[] RESET = chunk("event: reset\ndata: reset\n\n");
    private static final byte[] LAST_CHUNK = Bytes.ascii("0\r\n\r\n");

    SseTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.STREAM, null, chunk("retry: " + s.sseRetryMillis() + "\n\n"), s.modernMaxBytes(),
                chunk(": ping\n\n"), chunk("event: reconnect\ndata: reconnect\n\n"));
    }

    static byte[] chunk(String s) {
        byte[] b = Bytes.utf8(s);
        return Bytes.concat(Bytes.ascii(Integer.toHexString(b.length) + "\r\n"), b, CRLF);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public boolean accepts(Event e) {
        return e.isUtf8();
    }

    @Override
    public byte[] head(OpenContext ctx) {
        return Bytes.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                + "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\n" + Cors.headers(ctx)
                + "Transfer-Encoding: chunked\r\n\r\n");
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        byte[] data = e.framed(slot(), ev -> Bytes.concat(Bytes.dataLines("data: ", ev.body()), Bytes.ascii("\n")));
        String idLine = "id: " + id + "\n";
        return new Frame(Bytes.ascii(Integer.toHexString(idLine.length() + data.length) + "\r\n" + idLine), data, CRLF);
    }

    @Override
    public long pingMillis(TransportSettings s) {
        return s.modernPingMillis();
    }

    /** {@code event: hello} with the JSON of {@link JsonFraming#hello}: EventSource ignores it unless listened to. */
    @Override
    public byte[] hello(String epoch, long graceMillis) {
        return chunk("event: hello\ndata: " + JsonFraming.hello(epoch, graceMillis) + "\n\n");
    }

    @Override
    public byte[] reset() {
        return RESET;
    }

    @Override
    public byte[] closeNotice(DisconnectReason reason) {
        return chunk("event: close\ndata: " + reason.code() + " " + reason.reason() + "\n\n");
    }

    @Override
    public byte[] trailer() {
        return LAST_CHUNK;
    }
}
