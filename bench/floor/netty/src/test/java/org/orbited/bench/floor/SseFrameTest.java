package org.orbited.bench.floor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The floor writes the node's bytes: an event captured from the node with curl, and floor.c's frame(). */
class SseFrameTest {
    /** From the node (bench/floor/README.md): curl --raw of /bench?...&transport=sse while bin/orbited-bench published. */
    private static final String NODE_EVENT = "57\r\nid: wof2fvtw-1\ndata: {\"seq\":1,\"t\":60102787498298,"
            + "\"p\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n\n\r\n";

    @Test
    void writesTheEventTheNodeWrites() {
        byte[] out = new byte[SseFrame.MAX];
        int len = SseFrame.write(out, 1, 60102787498298L, 64);
        assertThat(new String(out, 0, len, StandardCharsets.US_ASCII)).isEqualTo(NODE_EVENT);
    }

    @Test
    void padsThePayloadToItsSizeAsSequenceNumbersGrow() {
        byte[] out = new byte[SseFrame.MAX];
        String s = new String(out, 0, SseFrame.write(out, 123_456, 5L, 64), StandardCharsets.US_ASCII);
        String payload = s.substring(s.indexOf("data: ") + 6, s.indexOf("\n\n"));
        assertThat(payload).hasSize(64).startsWith("{\"seq\":123456,\"t\":5,\"p\":\"x");
        assertThat(s).startsWith(Integer.toHexString(s.length() - s.indexOf('\n') - 1 - 2) + "\r\nid: wof2fvtw-123456\n");
    }

    @Test
    void matchesFloorC() throws IOException, InterruptedException {
        Path floor = Path.of("../target/floor");
        assumeTrue(Files.isExecutable(floor), "bench/floor/target/floor not built (bench/floor/run.sh builds it)");
        for (long seq : new long[] {1, 99, 100_000}) {
            Process p = new ProcessBuilder(floor.toString(), "frame", Long.toString(seq), "1765000000000").start();
            byte[] c = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            byte[] out = new byte[SseFrame.MAX];
            assertThat(c).isEqualTo(Arrays.copyOf(out, SseFrame.write(out, seq, 1_765_000_000_000L, 64)));
        }
    }
}
