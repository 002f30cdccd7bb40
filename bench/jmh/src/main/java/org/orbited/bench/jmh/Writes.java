package org.orbited.bench.jmh;

import org.orbited.node.core.Connection;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;

/**
 * The writes that {@link NoOpConnection}s have started and not yet reported, in start order. Fixed arrays sized
 * for one publication to every session, so recording a write allocates nothing. One thread only.
 */
final class Writes {
    private final Session[] sessions;
    private final Connection[] connections;
    private final QueuedEvent[] events;
    private int count;

    Writes(int capacity) {
        sessions = new Session[capacity];
        connections = new Connection[capacity];
        events = new QueuedEvent[capacity];
    }

    void started(Session s, Connection c, QueuedEvent e) {
        if (count == events.length) {
            throw new IllegalStateException("more than " + events.length + " writes outstanding");
        }
        sessions[count] = s;
        connections[count] = c;
        events[count] = e;
        count++;
    }

    /** Reports every recorded write as successful to its session; returns how many there were. */
    int completeAll() {
        int n = count;
        for (int i = 0; i < n; i++) {
            sessions[i].written(connections[i], events[i], true);
            sessions[i] = null;
            connections[i] = null;
            events[i] = null;
        }
        count = 0;
        return n;
    }
}
