package org.orbited.node.bayeux;

import org.orbited.node.core.Connection;

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
}
