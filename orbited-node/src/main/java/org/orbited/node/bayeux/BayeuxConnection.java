package org.orbited.node.bayeux;

import java.util.List;
import java.util.function.Consumer;
import org.orbited.node.core.Connection;
import org.orbited.node.core.QueuedEvent;

/**
 * What the Bayeux server's core connections have in common: they never queue behind each other, take at most
 * {@link ConnectHandler#batchLimit()} events at once, and leave the grace period to the session's
 * {@code max_interval}.
 */
abstract class BayeuxConnection implements Connection {
    final ConnectHandler connects;
    final BayeuxSession client;

    BayeuxConnection(ConnectHandler connects, BayeuxSession client) {
        this.connects = connects;
        this.client = client;
    }

    @Override
    public final boolean queuesPolls() {
        return false;
    }

    @Override
    public final int batchLimit() {
        return connects.batchLimit();
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
