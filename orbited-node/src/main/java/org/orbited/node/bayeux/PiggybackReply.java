package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.List;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;

/**
 * The reply to a long-polling request other than a connect, as a one-shot core connection attached only while
 * no connect is parked: queued events ride along, before the replies (CometD's piggybacking, bayeux.md 5).
 */
final class PiggybackReply extends BayeuxConnection {
    private List<QueuedEvent> taken = List.of();

    PiggybackReply(BayeuxEngine engine, BayeuxSession client) {
        super(engine, client);
    }

    @Override
    public String transportName() {
        return "bayeux-long-polling";
    }

    @Override
    public boolean resumable() {
        return false;
    }

    @Override
    public boolean oneShot() {
        return true;
    }

    @Override
    public synchronized int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (!taken.isEmpty()) {
            return 0;
        }
        taken = new ArrayList<>(events);
        return events.size();
    }

    @Override
    public void close(DisconnectReason reason) {
        // Nothing to tell: the request's own reply is written by the engine.
    }

    synchronized List<QueuedEvent> taken() {
        return taken;
    }

}
