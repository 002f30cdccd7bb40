package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The server's view of one WebSocket: its output, the browser cookie its upgrade carried, and the sessions
 * bound to it (handshaken over it or adopted by it, see {@link ClientRegistry#lookup}), whose connections end
 * when it closes. Thread-safe; never calls into a session while holding its own monitor.
 */
public final class BayeuxSocket {
    private final BayeuxOutput output;
    private final String browserId;
    private final List<BayeuxSession> bound = new ArrayList<>(1);
    private boolean closed;
    private SerialQueue frames;

    public BayeuxSocket(BayeuxOutput output, String browserId) {
        this.output = output;
        this.browserId = browserId;
    }

    BayeuxOutput output() {
        return output;
    }

    String browserId() {
        return browserId;
    }

    synchronized boolean bind(BayeuxSession s) {
        if (closed) {
            return false;
        }
        if (!bound.contains(s)) {
            bound.add(s);
        }
        return true;
    }

    /** Whether {@link #frames} was ever called: once a frame went to the policy executor, all later ones do. */
    synchronized boolean hasFrames() {
        return frames != null;
    }

    /** The queue that keeps this socket's frames in order on {@code executor} (made on first use). */
    synchronized SerialQueue frames(Executor executor, int limit) {
        if (frames == null) {
            frames = new SerialQueue(executor, limit, output::pauseReading);
        }
        return frames;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized boolean isBound(BayeuxSession s) {
        return bound.contains(s);
    }

    /** Marks the socket closed and returns the sessions that used it. */
    synchronized List<BayeuxSession> close() {
        closed = true;
        List<BayeuxSession> out = new ArrayList<>(bound);
        bound.clear();
        return out;
    }
}
