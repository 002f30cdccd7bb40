package org.orbited.node.bayeux;

import org.orbited.node.core.Session;

/**
 * One Bayeux client: its clientId, the core {@link Session} that holds its queue and subscriptions, and the
 * protocol state the engine keeps beside it (browser, extensions, advice already sent, parked connect).
 * Guarded by the core session's monitor.
 */
final class BayeuxSession {
    final String clientId;
    final Session session;
    /** The browser cookie the handshake came with or was given; null on WebSocket without a cookie. */
    final String browserId;
    /** The WebSocket this session was handshaken on, or null. */
    final BayeuxSocket socket;
    /** The acknowledgement extension is on: the session is meta-connect-only and replays unacknowledged events. */
    final boolean ack;
    /** The advice the last connect reply carried, or null before the first connect reply. */
    Advice lastAdvice;
    /** The connect parked now (HTTP or ack over WebSocket), or null. */
    ConnectPoll parked;
    /** A connect held over WebSocket as a heartbeat (no ack), or null. */
    HeldConnect held;
    /** The stream that carries deliveries over WebSocket (no ack), or null. */
    SocketStream stream;
    /**
     * Connect responses carrying events whose writes have not completed: while one is on its way, queued events
     * do not ride other replies, which travel on other connections and could overtake it.
     */
    int connectWritesInFlight;

    BayeuxSession(String clientId, Session session, String browserId, BayeuxSocket socket, boolean ack) {
        this.clientId = clientId;
        this.session = session;
        this.browserId = browserId;
        this.socket = socket;
        this.ack = ack;
    }

    /** The id the core resumes from for a connect acknowledging batch {@code ack} (see {@link ConnectPoll}). */
    String resumeId(long ack) {
        return session.epoch() + "-" + ack;
    }
}
