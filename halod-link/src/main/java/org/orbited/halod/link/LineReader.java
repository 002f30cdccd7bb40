package org.orbited.halod.link;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Reads {@code \n}-terminated lines from a blocking {@link InputStream} through a {@link LineFramer}: it reads at
 * most {@value #CHUNK} bytes at a time, so it holds at most the limit plus one chunk, and refuses an oversized line
 * as soon as it has read one byte too many of it.
 *
 * <p>Not thread-safe: one reader thread per stream. {@link #readLine()} blocks in {@link InputStream#read}.
 */
public final class LineReader {
    static final int CHUNK = 8192;

    private final InputStream in;
    private final LineFramer framer;
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private final byte[] chunk = new byte[CHUNK];

    /** A reader of lines of at most {@code maxLineBytes} bytes from {@code in}. */
    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.framer = new LineFramer(maxLineBytes);
    }

    /** A reader with the protocol's limit, {@link LinkLimits#MAX_LINE_BYTES}. */
    public LineReader(InputStream in) {
        this(in, LinkLimits.MAX_LINE_BYTES);
    }

    /**
     * The next line without its {@code \n}, or {@code null} at end of stream. An unterminated last line before EOF
     * is dropped (a peer that dies mid-line sent no message).
     *
     * @throws LineTooLongException the line is over the limit; the stream is then unusable
     * @throws IOException          the stream failed
     */
    public byte[] readLine() throws IOException, LinkProtocolException {
        while (ready.isEmpty()) {
            int n = in.read(chunk);
            if (n < 0) {
                return null;
            }
            framer.feed(chunk, 0, n, ready::add);
        }
        return ready.poll();
    }
}
