package org.orbited.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The requests of one connection waiting for their reply, by id. Replies may overtake each other
 * (orbit-protocol.md §2.1), so this is a map, not a queue: open addressing with linear probing on the
 * connection's {@code long} ids (consecutive, so a multiplicative hash spreads them), backward-shift deletion, no
 * boxing and no allocation per entry. It grows by doubling past half full and never shrinks: it holds at most the
 * client's {@code maxInFlight} entries, so it stays below 4 x {@code maxInFlight} slots (12 bytes each), and a
 * window that drains to empty and refills every round trip (the usual case) must not pay a rehash each time. Not
 * thread-safe: the {@link Connection} guards it with its lock.
 */
final class InflightTable {
    private static final int MIN_CAPACITY = 64;

    private long[] ids = new long[MIN_CAPACITY];
    private PendingRequest[] values = new PendingRequest[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** Adds {@code p} under {@code id} (ids are never reused on a connection, so it is not there yet). */
    void put(long id, PendingRequest p) {
        if ((size + 1) * 2 > values.length) {
            resize(values.length * 2);
        }
        int mask = values.length - 1;
        int i = slot(id, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        ids[i] = id;
        values[i] = p;
        size++;
    }

    /** Removes and returns the request under {@code id}, or null if there is none (answered, timed out). */
    PendingRequest remove(long id) {
        int mask = values.length - 1;
        for (int i = slot(id, mask); values[i] != null; i = (i + 1) & mask) {
            if (ids[i] == id) {
                PendingRequest p = values[i];
                deleteAt(i, mask);
                return p;
            }
        }
        return null;
    }

    /** Removes everything and returns it, in id order. */
    List<PendingRequest> drain() {
        List<PendingRequest> out = new ArrayList<>(size);
        for (PendingRequest p : values) {
            if (p != null) {
                out.add(p);
            }
        }
        out.sort((a, b) -> Long.compare(a.id, b.id));
        Arrays.fill(values, null);
        size = 0;
        return out;
    }

    private void deleteAt(int hole, int mask) {
        values[hole] = null;
        size--;
        // backward shift: move up every later entry of the run whose home slot is at or before the hole
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = slot(ids[i], mask);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                ids[hole] = ids[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
        }
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        PendingRequest[] oldValues = values;
        ids = new long[capacity];
        values = new PendingRequest[capacity];
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldIds[i], oldValues[i]);
            }
        }
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
