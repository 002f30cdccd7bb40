package org.orbited.halod.link;

import java.util.Arrays;

/**
 * Splits a byte stream fed in chunks into {@code \n}-terminated lines of at most {@code maxLineBytes} bytes (the
 * terminator not counted). It holds at most one partial line, never more than the limit: the moment a line grows
 * past it, {@link #feed} throws {@link LineTooLongException} without buffering the rest, and the framer is spent
 * (the link must close: there is no way to find the next line boundary reliably).
 *
 * <p>Not thread-safe: one framer per link, fed by one thread.
 */
public final class LineFramer {
    /** Receives each complete line, without its {@code \n}, as a fresh array. */
    @FunctionalInterface
    public interface LineSink {
        void line(byte[] line) throws LinkProtocolException;
    }

    private final int maxLineBytes;
    private byte[] partial = new byte[256];
    private int length;
    private boolean failed;

    /** A framer for lines of at most {@code maxLineBytes} bytes (&gt; 0). */
    public LineFramer(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds {@code len} bytes; calls {@code sink} for every line they complete, in order. */
    public void feed(byte[] bytes, int off, int len, LineSink sink) throws LinkProtocolException {
        if (failed) {
            throw new IllegalStateException("the framer has already refused an oversized line");
        }
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                byte[] line = Arrays.copyOf(partial, length);
                length = 0;
                start = i + 1;
                sink.line(line);
            }
        }
        append(bytes, start, end - start);
    }

    /** Bytes of the unfinished line held now (for tests and diagnostics). */
    public int buffered() {
        return length;
    }

    private void append(byte[] bytes, int off, int len) throws LineTooLongException {
        if (len == 0) {
            return;
        }
        if ((long) length + len > maxLineBytes) {
            failed = true;
            length = 0;
            partial = new byte[0];
            throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
        }
        if (length + len > partial.length) {
            partial = Arrays.copyOf(partial, Math.min(maxLineBytes, Math.max(length + len, partial.length * 2)));
        }
        System.arraycopy(bytes, off, partial, length, len);
        length += len;
    }
}
