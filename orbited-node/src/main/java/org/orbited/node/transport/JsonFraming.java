package org.orbited.node.transport;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.orbited.node.core.Event;

/**
 * The JSON element {@code {"id":"I","data":"B"}} shared by {@code websocket} and {@code long_poll}:
 * the body as a JSON string is framed once per event (one memo slot for both transports) and the id
 * prefix per connection.
 */
final class JsonFraming {
    static final int SLOT = 0;
    private static final byte[] CLOSE = Bytes.ascii("\"}");
    private static final byte[] QUOTE = Bytes.ascii("\"");

    private JsonFraming() {
    }

    static byte[] prefix(String id) {
        return Bytes.ascii("{\"id\":\"" + id + "\",\"data\":");
    }

    /** {@code "escaped body"}} — the part after the prefix. */
    static byte[] shared(Event e) {
        return e.framed(SLOT, ev -> Bytes.concat(QUOTE,
                JsonStringEncoder.getInstance().quoteAsUTF8(ev.text()), CLOSE));
    }

    static Frame frame(String id, Event e) {
        return new Frame(prefix(id), shared(e), null);
    }

    /** {@code {"type":"hello","epoch":"E","grace":ms}}; an epoch is {@code [0-9a-z]}, so needs no escaping. */
    static String hello(String epoch, long graceMillis) {
        return "{\"type\":\"hello\",\"epoch\":" + quote(epoch) + ",\"grace\":" + graceMillis + "}";
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
