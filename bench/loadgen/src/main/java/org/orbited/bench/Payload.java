package org.orbited.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body every publisher sends: {@code {"seq":N,"t":T,"p":"xxx…"}}, padded to a target size. {@code seq} is the
 * per-channel sequence number (from 1) and {@code t} the publisher's {@link System#nanoTime()}, which on Linux is
 * CLOCK_MONOTONIC and therefore comparable between the generator's processes. The padding never contains the
 * marker {@code seq} that {@link DeliveryScanner} counts.
 */
public final class Payload {
    /** Upper bound on {@code --size}: bodies stay well under every server's default message limit. */
    public static final int MAX_SIZE = 65_536;

    private Payload() {
    }

    public static byte[] of(long seq, long nanos, int size) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("payload size " + size + " exceeds " + MAX_SIZE);
        }
        String head = "{\"seq\":" + seq + ",\"t\":" + nanos;
        int pad = size - head.length() - "}".length() - ",\"p\":\"\"".length();
        if (pad <= 0) {
            return (head + "}").getBytes(StandardCharsets.US_ASCII);
        }
        char[] xs = new char[pad];
        Arrays.fill(xs, 'x');
        return (head + ",\"p\":\"" + new String(xs) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
