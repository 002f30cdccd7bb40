package org.orbited.node.bayeux;

import java.util.List;
import java.util.function.Consumer;
import org.orbited.node.core.Connection;
import org.orbited.node.core.QueuedEvent;

/**
 * What the Bayeux engine's core connections have in common: they never queue behind each other, take at most
 * {@link BayeuxEngine#maxBatch()} events at once, and leave the grace period to the session's
 * {@code max_interval}.
 */
abstract class BayeuxConnection implements Connection {
    final BayeuxEngine engine;
    final BayeuxSession client;

    BayeuxConnection(BayeuxEngine engine, BayeuxSession client) {
        this.engine = engine;
        this.client = client;
    }

    @Override
    public final boolean queuesPolls() {
        return false;
    }

    @Override
    public final int batchLimit() {
        return engine.maxBatch();
    }

    @Override
    public final long minimumGraceMillis() {
        return 0;
    }

    /** Reports the outcome of the write that carried {@code events} to the core, for each of them. */
    final Consumer<Boolean> reportWritten(List<QueuedEvent> events) {
        if (events.isEmpty()) {
            return ok -> { };
        }
        return ok -> {
            for (QueuedEvent e : events) {
                client.session.written(this, e, ok);
            }
        };
    }
}
