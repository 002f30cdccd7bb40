package org.orbited.bench;

/**
 * An EventSource stand-in: {@code GET} with {@code Accept: text/event-stream}; the stream (orbited's {@code sse}
 * transport: {@code id:}/{@code data:} lines, chunked; Nchan's EventSource subscriber) is counted, not parsed.
 */
public final class SseSubscriber extends RawHttpSubscriber {
    public SseSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
        super(tally, scanner, get(ep, path, "Accept: text/event-stream\r\nCache-Control: no-cache\r\n"), 200);
    }
}
