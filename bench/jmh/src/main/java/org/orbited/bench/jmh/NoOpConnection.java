package org.orbited.bench.jmh;

import java.util.List;
import org.orbited.node.core.Connection;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;

/**
 * A {@link Connection} that writes nothing: it accepts every event and records the write in {@link Writes}, whose
 * owner reports it to the session after the publication returns, as a transport's write listener would (never
 * from inside {@link #send}). A streaming, non-resumable connection: no batch limit, no replay.
 */
final class NoOpConnection implements Connection {
    private final Writes writes;

    NoOpConnection(Writes writes) {
        this.writes = writes;
    }

    @Override
    public String transportName() {
        return "noop";
    }

    @Override
    public boolean resumable() {
        return false;
    }

    @Override
    public boolean queuesPolls() {
        return false;
    }

    @Override
    public boolean oneShot() {
        return false;
    }

    @Override
    public int batchLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long minimumGraceMillis() {
        return 0;
    }

    @Override
    public int send(Session session, List<QueuedEvent> events, boolean reset) {
        for (int i = 0; i < events.size(); i++) {
            writes.started(session, this, events.get(i));
        }
        return events.size();
    }

    @Override
    public void close(DisconnectReason reason) {
    }
}
