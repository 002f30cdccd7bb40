package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.orbited.node.core.QueuedEvent;

/**
 * What one request (an HTTP body or a WebSocket frame) answers, collected while its messages are handled in
 * order: the replies, and the events of connects answered inline (a batch, {@code timeout:0}, multiple-clients
 * mode) with the callbacks that report their writes to the core. Used by one thread at a time.
 */
final class BatchReply {
    final List<BayeuxMessage> replies = new ArrayList<>(2);
    final List<QueuedEvent> events = new ArrayList<>(0);
    private final List<Consumer<Boolean>> callbacks = new ArrayList<>(0);

    void add(BayeuxMessage reply) {
        replies.add(reply);
    }

    void fail(BayeuxMessage m, BayeuxFailure f) {
        replies.add(ResponseBodies.failure(m, f));
    }

    /** Adds events taken by an inline connect; {@code written} is told whether the response was written. */
    void take(Collection<QueuedEvent> taken, Consumer<Boolean> written) {
        if (!taken.isEmpty()) {
            events.addAll(taken);
            callbacks.add(written);
        }
    }

    boolean isEmpty() {
        return replies.isEmpty() && events.isEmpty();
    }

    /** One callback for the response's write, telling every inline connect. */
    Consumer<Boolean> written() {
        if (callbacks.isEmpty()) {
            return ok -> { };
        }
        List<Consumer<Boolean>> all = List.copyOf(callbacks);
        return ok -> all.forEach(cb -> cb.accept(ok));
    }
}
