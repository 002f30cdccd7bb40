package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records parser output; {@link #parse} feeds the same bytes whole, byte by byte and in odd chunks. */
final class RecordingSink implements OrbitRequestParser.Sink {
    final List<Object> events = new ArrayList<>();
    /** How many times {@link #requestStarted()} was called. */
    int started;

    @Override
    public void requestStarted() {
        started++;
    }

    @Override
    public void request(OrbitRequest request) {
        events.add(request);
    }

    @Override
    public void malformed(OrbitMalformed malformed) {
        events.add(malformed);
    }

    /** Comparable text form of the recorded events (byte[] bodies shown as ISO-8859-1 text). */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof OrbitRequest r) {
                out.add("request " + r.id() + " " + r.recipients() + " "
                        + new String(r.body(), StandardCharsets.ISO_8859_1));
            } else {
                out.add("malformed " + e);
            }
        }
        return out;
    }

    static final int LINE = 64;
    static final int HEADERS = 8;
    static final int BODY = 32;

    static OrbitRequestParser parser() {
        return new OrbitRequestParser(LINE, HEADERS, BODY);
    }

    /**
     * Parses {@code wire} (ISO-8859-1) with fresh parsers fed whole, one byte at a time and in chunks
     * of 3 and 7 bytes (also from read-only direct-like buffers), asserts that every way gives the same
     * events, and returns the whole-buffer recording.
     */
    static RecordingSink parse(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        RecordingSink whole = new RecordingSink();
        OrbitRequestParser p = parser();
        ByteBuffer all = ByteBuffer.wrap(bytes);
        p.feed(all, whole);
        assertThat(all.hasRemaining()).as("feed consumes everything").isFalse();
        for (int chunk : new int[] {1, 3, 7}) {
            RecordingSink split = new RecordingSink();
            OrbitRequestParser q = parser();
            for (int i = 0; i < bytes.length; i += chunk) {
                ByteBuffer direct = ByteBuffer.allocateDirect(Math.min(chunk, bytes.length - i));
                direct.put(bytes, i, direct.capacity()).flip();
                q.feed(direct.asReadOnlyBuffer(), split);
            }
            assertThat(split.describe()).as("fed in chunks of " + chunk).isEqualTo(whole.describe());
            assertThat(split.started).as("requests started, in chunks of " + chunk).isEqualTo(whole.started);
            assertThat(q.isClosed()).isEqualTo(p.isClosed());
        }
        return whole;
    }
}
