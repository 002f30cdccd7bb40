package org.orbited.node.bayeux;

import java.util.Objects;
import java.util.Optional;

/**
 * One catalogued error with its arguments filled in: what a failed reply says ({@link #wire()}) and which advice
 * it carries on a given reply channel. Made only through {@link BayeuxError#failure}.
 */
public final class BayeuxFailure {

    private final BayeuxError error;
    private final String wire;

    BayeuxFailure(BayeuxError error, String wire) {
        this.error = error;
        this.wire = wire;
    }

    public BayeuxError error() {
        return error;
    }

    /** The {@code error} field value, e.g. {@code 402::session_unknown}. */
    public String wire() {
        return wire;
    }

    /** The advice for a failed reply to {@code replyChannel}; see {@link BayeuxError#adviceOn(String)}. */
    public Optional<Advice> adviceOn(String replyChannel) {
        return error.adviceOn(replyChannel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BayeuxFailure && ((BayeuxFailure) o).wire.equals(wire);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
