package org.orbited.node.core;

/**
 * One event's copy in one session: its sequence number there, the request it answers to (if any) and
 * where it stands. Guarded by the owning session's lock, except the immutable fields.
 */
public final class QueuedEvent {
    enum State { PENDING, INFLIGHT, WRITTEN, DONE }

    private final Event event;
    private final long seq;
    private final Delivery delivery;
    private final int recipientIndex;
    State state = State.PENDING;
    Connection connection;
    int attempts;

    QueuedEvent(Event event, long seq, Delivery delivery, int recipientIndex) {
        this.event = event;
        this.seq = seq;
        this.delivery = delivery;
        this.recipientIndex = recipientIndex;
    }

    public Event event() {
        return event;
    }

    /** Position in the session, from 1; with the session's epoch it forms the event id {@code E-N}. */
    public long seq() {
        return seq;
    }

    Delivery delivery() {
        return delivery;
    }

    int recipientIndex() {
        return recipientIndex;
    }

    /** True when the request's deadline has passed; channel copies have none. */
    boolean pastDeadline() {
        return delivery != null && delivery.expired();
    }

    void resolve(boolean ok) {
        if (delivery != null) {
            delivery.resolve(recipientIndex, ok);
        }
    }
}
