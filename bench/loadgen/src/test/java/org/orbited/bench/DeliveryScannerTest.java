package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryScannerTest {
    /** orbited SSE: chunked, id/data lines, a ping comment between events. */
    private static final String SSE = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n"
            + "2f\r\nid: ab12cd-1\ndata: {\"seq\":1,\"t\":100,\"p\":\"xxxx\"}\n\n\r\n"
            + "a\r\n: ping\n\n\r\n"
            + "2f\r\nid: ab12cd-2\ndata: {\"seq\":2,\"t\":250,\"p\":\"xxxx\"}\n\n\r\n";
    /** orbited WebSocket data: the body as a JSON string, so the quotes are escaped. */
    private static final String WS_JSON = "{\"id\":\"E-1\",\"data\":\"{\\\"seq\\\":7,\\\"t\\\":99}\"}";

    private static List<long[]> scan(String text, int chunk, DeliveryScanner[] out) throws Exception {
        List<long[]> samples = new ArrayList<>();
        DeliveryScanner s = new DeliveryScanner((seq, t) -> samples.add(new long[] {seq, t}));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i));
            buf.forEachByte(s);
            buf.release();
        }
        out[0] = s;
        return samples;
    }

    @Test
    void countsAndParsesSseWhateverTheChunking() throws Exception {
        for (int chunk = 1; chunk <= SSE.length(); chunk++) {
            DeliveryScanner[] s = new DeliveryScanner[1];
            List<long[]> samples = scan(SSE, chunk, s);
            assertThat(s[0].count()).as("chunk %d", chunk).isEqualTo(2);
            assertThat(samples).as("chunk %d", chunk).extracting(a -> a[0] + "/" + a[1])
                    .containsExactly("1/100", "2/250");
        }
    }

    @Test
    void parsesJsonEscapedPayloads() throws Exception {
        for (int chunk : new int[] {1, 2, 3, 5, 1000}) {
            DeliveryScanner[] s = new DeliveryScanner[1];
            List<long[]> samples = scan(WS_JSON + WS_JSON, chunk, s);
            assertThat(s[0].count()).isEqualTo(2);
            assertThat(samples).extracting(a -> a[0] + "/" + a[1]).containsExactly("7/99", "7/99");
        }
    }

    @Test
    void countingOnlyScannerIgnoresLookalikes() {
        DeliveryScanner s = new DeliveryScanner(null);
        ByteBuf buf = Unpooled.copiedBuffer("sse se sq seseq seq", StandardCharsets.US_ASCII);
        buf.forEachByte(s);
        buf.release();
        assertThat(s.count()).isEqualTo(2);
    }

    @Test
    void payloadIsPaddedAndCarriesTheMarkerOnce() {
        byte[] p = Payload.of(42, 123456789L, 64);
        String text = new String(p, StandardCharsets.US_ASCII);
        assertThat(p).hasSize(64);
        assertThat(text).startsWith("{\"seq\":42,\"t\":123456789,").endsWith("\"}");
        assertThat(text.split("seq", -1)).hasSize(2);
    }
}
