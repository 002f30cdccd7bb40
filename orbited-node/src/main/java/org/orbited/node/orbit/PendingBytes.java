package org.orbited.node.orbit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide budget of bytes held for Orbit requests that are still arriving ({@code op.max_pending_bytes}):
 * the recipient values and body bytes each connection's parser keeps until its request is complete.
 *
 * <p><b>Contract.</b> Thread-safe and lock-free; shared by every connection of one listener. A parser
 * {@linkplain #tryReserve reserves} before it keeps bytes and {@linkplain #release releases} them when its request
 * is handed on, rejected, or its connection closes. A reservation that would take the total past the limit is
 * refused whole and changes nothing; the parser then discards the rest of that request and answers it with
 * {@link OrbitErrorCode#PENDING_BYTES_EXHAUSTED}, so a full budget never stalls a connection.
 */
public final class PendingBytes {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** @throws IllegalArgumentException if {@code limit} is not positive */
    public PendingBytes(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("op.max_pending_bytes must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** A budget that never runs out, for parsers used alone (tests, tools). */
    public static PendingBytes unlimited() {
        return new PendingBytes(Long.MAX_VALUE);
    }

    /** Takes {@code n} bytes if the total stays within the limit; false (nothing taken) otherwise. */
    public boolean tryReserve(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative reservation: " + n);
        }
        long now;
        do {
            now = used.get();
            if (now + n > limit || now + n < 0) {
                return false;
            }
        } while (!used.compareAndSet(now, now + n));
        return true;
    }

    /** Gives back {@code n} bytes reserved earlier. */
    public void release(long n) {
        if (n > 0) {
            used.addAndGet(-n);
        }
    }

    /** Bytes reserved now, across all connections. */
    public long used() {
        return used.get();
    }

    /** The limit ({@code op.max_pending_bytes}). */
    public long limit() {
        return limit;
    }
}
