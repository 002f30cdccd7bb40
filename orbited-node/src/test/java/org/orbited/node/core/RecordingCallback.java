package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Records every {@link DeliveryCallback#completed} call so tests can insist on exactly one. */
final class RecordingCallback implements DeliveryCallback {
    private final List<BitSet> calls = new ArrayList<>();

    @Override
    public synchronized void completed(BitSet failed) {
        calls.add((BitSet) failed.clone());
    }

    synchronized int calls() {
        return calls.size();
    }

    boolean done() {
        return calls() > 0;
    }

    /** Asserts the request completed exactly once with no failed key. */
    void assertSucceeded() {
        assertThat(calls()).as("callbacks").isEqualTo(1);
        assertThat(calls.get(0)).as("failed keys").isEqualTo(new BitSet());
    }

    /** Asserts the request completed exactly once with exactly {@code indexes} failed. */
    void assertFailed(int... indexes) {
        assertThat(calls()).as("callbacks").isEqualTo(1);
        BitSet expected = new BitSet();
        for (int i : indexes) {
            expected.set(i);
        }
        assertThat(calls.get(0)).as("failed keys").isEqualTo(expected);
    }

    void assertPending() {
        assertThat(calls()).as("callbacks").isZero();
    }
}
