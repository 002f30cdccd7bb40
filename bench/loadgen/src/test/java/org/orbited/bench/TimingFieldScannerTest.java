package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sampled {@link DeliveryScanner} reads {@code seq} and {@code t} whatever the key order, spacing and escaping
 * the server chose, fed whole and in every chunking, and never pairs fields of two different objects.
 */
class TimingFieldScannerTest {
    /**
     * A long-polling connect reply of the CometD 8.0.9 reference server (bench/cometd-server) carrying three
     * deliveries, captured with curl on 2026-12-06: CometD re-encodes the published
     * {"seq":N,"t":T,"p":"…"} from a map, so "p" and "t" come before "seq".
     */
    private static final String COMETD_BATCH = "[{\"data\":{\"p\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"t\":987654321017,"
            + "\"seq\":7},\"channel\":\"/bench/c3\"},{\"data\":{\"p\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"t\":987654321018,"
            + "\"seq\":8},\"channel\":\"/bench/c3\"},{\"data\":{\"p\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"t\":987654321019,"
            + "\"seq\":9},\"channel\":\"/bench/c3\"},{\"channel\":\"/meta/connect\",\"id\":\"4\",\"successful\":true}]";

    /** What one scanner read from {@code text}: its delivery count and the samples as "seq/t". */
    private record Scan(long count, List<String> samples) {
    }

    private static Scan scan(String text, int chunk) {
        List<String> samples = new ArrayList<>();
        DeliveryScanner s = new DeliveryScanner((seq, t) -> samples.add(seq + "/" + t));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i));
            buf.forEachByte(s);
            buf.release();
        }
        return new Scan(s.count(), samples);
    }

    /** Scans whole and in every chunk size; all must agree. */
    private static Scan scanEveryChunking(String text) {
        Scan whole = scan(text, text.length() + 1);
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            assertThat(scan(text, chunk)).as("chunk %d", chunk).isEqualTo(whole);
        }
        return whole;
    }

    @Test
    void readsCapturedCometdBatchWhereSeqComesLast() {
        Scan s = scanEveryChunking(COMETD_BATCH);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.samples()).containsExactly("7/987654321017", "8/987654321018", "9/987654321019");
    }

    @Test
    void readsTheGeneratorsOwnOrderAndTheReverse() {
        assertThat(scanEveryChunking(new String(Payload.of(4, 123, 64), StandardCharsets.US_ASCII)).samples())
                .containsExactly("4/123");
        assertThat(scanEveryChunking("{\"data\":{\"t\":123,\"seq\":4},\"channel\":\"/x\"}").samples())
                .containsExactly("4/123");
        assertThat(scanEveryChunking("{\"channel\":\"/x\",\"data\":{\"seq\":4,\"p\":\"xx\",\"t\":123}}").samples())
                .containsExactly("4/123");
    }

    @Test
    void toleratesJsonWhitespaceAroundKeysAndColons() {
        String pretty = "[ {\n  \"data\" : {\n    \"t\" :\t-123 ,\r\n    \"seq\"\n: 4\n  },\n  \"channel\" : \"/x\"\n} ]";
        assertThat(scanEveryChunking(pretty).samples()).containsExactly("4/-123");
    }

    @Test
    void readsPayloadsEscapedInsideJsonStringsInEitherOrder() {
        // the node's WebSocket puts the body in a string; a server could escape twice
        String once = "{\"id\":\"E-1\",\"data\":\"{\\\"t\\\":99,\\\"p\\\":\\\"x\\\",\\\"seq\\\":7}\"}";
        String twice = "[\"{\\\"data\\\":\\\"{\\\\\\\"seq\\\\\\\":8,\\\\\\\"t\\\\\\\":100}\\\"}\"]";
        assertThat(scanEveryChunking(once + twice).samples()).containsExactly("7/99", "8/100");
    }

    @Test
    void neverPairsFieldsOfDifferentObjects() {
        // t of the envelope, seq of a nested object: not one delivery; then a nested object between the two fields
        String text = "{\"t\":1,\"data\":{\"seq\":2}}{\"seq\":3,\"meta\":{\"a\":{}},\"t\":4}";
        assertThat(scanEveryChunking(text).samples()).containsExactly("3/4");
    }

    @Test
    void ignoresLookalikeKeysAndValuesThatAreNotIntegers() {
        String text = "{\"ts\":5,\"tc\":6,\"seqx\":1,\"st\":2,\"seq\":1,\"t\":\"7\"}"
                + "{\"seq\":2,\"t\":1.5}{\"seq\":3,\"t\":2e9}{\"seq\":4,\"t\":1234567890123456789}"
                + "{\"x\":\"seq\",\"t\":8}{\"seq\":5,\"t\":9}";
        Scan s = scanEveryChunking(text);
        assertThat(s.samples()).containsExactly("5/9");
        assertThat(s.count()).as("every marker is still counted").isEqualTo(7);
    }

    @Test
    void countingOnlyScannerStillCountsEveryMarker() {
        DeliveryScanner s = new DeliveryScanner(null);
        ByteBuf buf = Unpooled.copiedBuffer(COMETD_BATCH, StandardCharsets.US_ASCII);
        buf.forEachByte(s);
        buf.release();
        assertThat(s.count()).isEqualTo(3);
    }
}
