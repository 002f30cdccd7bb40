package org.orbited.webirc.helpdesk;

/**
 * A token bucket: {@code rate} tokens per window ({@link #WINDOW_MILLIS} unless given), at most {@code rate} saved up. One per visitor,
 * helper or client; times come from the caller's clock (milliseconds), so tests need no waiting. Used on the
 * plugin's thread only.
 */
final class RateBucket {
    /** The window rates are given for: 10 s. */
    static final long WINDOW_MILLIS = 10_000;

    private final int rate;
    private final long window;
    private double tokens;
    private long last;

    RateBucket(int rate, long nowMillis) {
        this(rate, WINDOW_MILLIS, nowMillis);
    }

    RateBucket(int rate, long windowMillis, long nowMillis) {
        this.rate = rate;
        this.window = windowMillis;
        this.tokens = rate;
        this.last = nowMillis;
    }

    /** Takes a token if there is one. */
    boolean take(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket is full again (nothing would be lost by forgetting it). */
    boolean full(long nowMillis) {
        refill(nowMillis);
        return tokens >= rate;
    }

    private void refill(long nowMillis) {
        if (nowMillis > last) {
            tokens = Math.min(rate, tokens + (nowMillis - last) * (double) rate / window);
            last = nowMillis;
        }
    }
}
