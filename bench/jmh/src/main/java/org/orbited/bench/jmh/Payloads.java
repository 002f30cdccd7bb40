package org.orbited.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Deterministic event bodies of an exact size, shaped like chat messages. */
final class Payloads {
    private static final String WORDS = "the quick brown fox jumps over the lazy dog and says hello to everyone ";

    private Payloads() {
    }

    /** A JSON object of exactly {@code size} bytes (at least 32): {@code {"from":"alice","text":"..."}}. */
    static byte[] json(int size) {
        String open = "{\"from\":\"alice\",\"text\":\"";
        String close = "\"}";
        int fill = size - open.length() - close.length();
        if (fill < 0) {
            throw new IllegalArgumentException("a JSON payload needs at least 32 bytes, not " + size);
        }
        return (open + text(fill) + close).getBytes(StandardCharsets.US_ASCII);
    }

    /** Plain text of exactly {@code size} bytes; not a JSON value. */
    static byte[] plain(int size) {
        return text(size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Orbit bodies are whatever the application sends; most applications send JSON. */
    static byte[] ascii(int size) {
        return size >= 32 ? json(size) : plain(size);
    }

    private static String text(int n) {
        StringBuilder b = new StringBuilder(n);
        while (b.length() < n) {
            b.append(WORDS, 0, Math.min(WORDS.length(), n - b.length()));
        }
        return b.toString();
    }
}
