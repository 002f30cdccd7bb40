package org.orbited.node.bayeux;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.orbited.node.core.Event;

/**
 * Frames events as Bayeux deliveries, {@code {"data":…,"channel":…}} (plus {@code "id"} for a service reply),
 * once per event: the bytes are memoised on the {@link Event} under {@link #SLOT} and shared by every
 * subscriber. A body from the Orbit port that is one JSON value is spliced in as it is; any other body becomes
 * a JSON string (its text, malformed UTF-8 replaced).
 */
public final class DeliveryFrames {
    /** The event memo slot of Bayeux deliveries (the legacy transports use the low slots). */
    public static final int SLOT = Event.FRAME_SLOTS - 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();
    private static final byte[] OPEN = "{\"data\":".getBytes(StandardCharsets.US_ASCII);

    private DeliveryFrames() {
    }

    /** The delivery bytes of {@code e}, which must have a channel. */
    public static byte[] of(Event e) {
        return e.framed(SLOT, DeliveryFrames::frame);
    }

    /** A JSON array of {@code deliveries} followed by the objects of {@code repliesArray} (itself an array). */
    public static byte[] compose(List<byte[]> deliveries, byte[] repliesArray) {
        if (deliveries.isEmpty()) {
            return repliesArray;
        }
        int n = 1;
        for (byte[] d : deliveries) {
            n += d.length + 1;
        }
        boolean noReplies = repliesArray.length <= 2;
        n += noReplies ? 0 : repliesArray.length - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 1);
        out.write('[');
        for (int i = 0; i < deliveries.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(deliveries.get(i));
        }
        if (noReplies) {
            out.write(']');
        } else {
            out.write(',');
            out.write(repliesArray, 1, repliesArray.length - 1);
        }
        return out.toByteArray();
    }

    private static byte[] frame(Event e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(e.size() + 48);
            out.writeBytes(OPEN);
            if (e.isJson() || isOneJsonValue(e.body())) {
                out.writeBytes(e.body());
            } else {
                writeString(out, e.text());
            }
            out.writeBytes(",\"channel\":".getBytes(StandardCharsets.US_ASCII));
            writeString(out, e.channel());
            if (e.replyId() != null) {
                out.writeBytes(",\"id\":".getBytes(StandardCharsets.US_ASCII));
                writeString(out, e.replyId());
                // an answer to a service request (a CometD remoteCall): CometD's own server marks it successful,
                // and pages written for CometD check reply.successful before reply.data
                out.writeBytes(",\"successful\":true".getBytes(StandardCharsets.US_ASCII));
            }
            out.write('}');
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(s);
        }
    }

    /** True when {@code body} is exactly one JSON value (whitespace around it allowed). */
    static boolean isOneJsonValue(byte[] body) {
        if (body.length == 0) {
            return false;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }
}
