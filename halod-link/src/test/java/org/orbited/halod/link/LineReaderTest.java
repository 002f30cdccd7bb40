package org.orbited.halod.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    @Test
    void splitsLinesWholeAndOneByteAtATime() throws Exception {
        byte[] input = "{\"a\":1}\n\n{\"b\":2}\r\nrest-without-newline".getBytes(StandardCharsets.UTF_8);
        LineReader whole = new LineReader(new ByteArrayInputStream(input), 64);
        assertThat(text(whole.readLine())).isEqualTo("{\"a\":1}");
        assertThat(text(whole.readLine())).isEmpty();
        assertThat(text(whole.readLine())).isEqualTo("{\"b\":2}\r");
        assertThat(whole.readLine()).isNull();

        LineFramer framer = new LineFramer(64);
        List<String> lines = new ArrayList<>();
        for (byte b : input) {
            framer.feed(new byte[] {b}, 0, 1, l -> lines.add(text(l)));
        }
        assertThat(lines).containsExactly("{\"a\":1}", "", "{\"b\":2}\r");
        assertThat(framer.buffered()).isEqualTo("rest-without-newline".length());
    }

    @Test
    void aLineOfExactlyTheLimitPassesOneMoreByteDoesNot() throws Exception {
        assertThat(new LineReader(new ByteArrayInputStream("12345678\n".getBytes()), 8).readLine()).hasSize(8);
        assertThatThrownBy(() -> new LineReader(new ByteArrayInputStream("123456789\n".getBytes()), 8).readLine())
                .isInstanceOf(LineTooLongException.class).hasMessageContaining("8 bytes");
    }

    /** An endless line: the reader gives up after the limit plus at most one chunk, never reading it whole. */
    @Test
    void anOversizedLineIsRefusedWithoutReadingItWhole() {
        CountingEndlessStream endless = new CountingEndlessStream();
        LineReader reader = new LineReader(endless);
        assertThatThrownBy(reader::readLine).isInstanceOf(LineTooLongException.class)
                .hasMessageContaining(String.valueOf(LinkLimits.MAX_LINE_BYTES));
        assertThat(endless.served).isBetween((long) LinkLimits.MAX_LINE_BYTES,
                (long) LinkLimits.MAX_LINE_BYTES + LineReader.CHUNK);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Serves 'x' forever and counts what it served. */
    private static final class CountingEndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }
}
