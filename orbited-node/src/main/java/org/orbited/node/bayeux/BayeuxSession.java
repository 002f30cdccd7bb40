package org.orbited.node.bayeux;

import org.orbited.node.core.Session;

/**
 * One Bayeux client: its clientId, the core {@link Session} that holds its queue and subscriptions, and the
 * protocol state kept beside it (browser, extensions, advice already sent, the parked or held connect, the
 * WebSocket stream).
 *
 * <p><b>Threading.</b> The mutable state is guarded by the core session's monitor, and only the methods of this
 * class touch it, each in one step: callers never lock the session to change these fields.
 */
final class BayeuxSession {
    final String clientId;
    final Session session;
    /** The browser cookie the handshake came with or was given; null on WebSocket without a cookie. */
    final String browserId;
    /** The acknowledgement extension is on: the session is meta-connect-only and replays unacknowledged events. */
    final boolean ack;
    /** The HaloD route of the connection that handshook it (0: direct); a route move ends the session. */
    final int route;
    /** Set when a route move ends the session, so that its WebSocket closes 1012 rather than 1001. */
    volatile boolean movedAway;
    /** Who the client is, where from, over what, since when: fixed at the handshake. */
    final org.orbited.plugin.ClientInfo info;

    /** The advice the last connect reply carried, or null before the first connect reply. */
    private Advice lastAdvice;
    /** The connect parked now (HTTP, or ack over WebSocket), or null. */
    private ConnectPoll parked;
    /** A connect held over WebSocket as a heartbeat (no ack), or null. */
    private HeldConnect held;
    /** The stream that carries deliveries over WebSocket (no ack), or null. */
    private SocketStream stream;
    /** The WebSockets this session is bound to (usually one; each removed when it closes). */
    private final java.util.List<BayeuxSocket> sockets = new java.util.ArrayList<>(1);

    BayeuxSession(String clientId, Session session, String browserId, boolean ack,
                  org.orbited.plugin.ClientInfo info) {
        this(clientId, session, browserId, ack, info, 0);
    }

    BayeuxSession(String clientId, Session session, String browserId, boolean ack,
                  org.orbited.plugin.ClientInfo info, int route) {
        this.route = route;
        this.clientId = clientId;
        this.info = info;
        this.session = session;
        this.browserId = browserId;
        this.ack = ack;
    }

    /** The id the core resumes from for a connect acknowledging batch {@code ack} (see {@link ConnectPoll}). */
    String resumeId(long ack) {
        return session.epoch() + "-" + ack;
    }

    /** The advice a connect reply must carry when it wants {@code want}: null when the last reply said it already. */
    Advice adviceToSend(Advice want) {
        synchronized (session) {
            Advice send = want.equals(lastAdvice) ? null : want;
            lastAdvice = want;
            return send;
        }
    }

    // ---- the parked connect -------------------------------------------------------------------------

    void park(ConnectPoll poll) {
        synchronized (session) {
            parked = poll;
        }
    }

    /** Forgets {@code poll} if it is the parked one; returns whether it was (a newer one may have replaced it). */
    boolean unpark(ConnectPoll poll) {
        synchronized (session) {
            if (parked == poll) {
                parked = null;
                return true;
            }
            return false;
        }
    }

    ConnectPoll parked() {
        synchronized (session) {
            return parked;
        }
    }

    /** A connect is parked or held now. */
    boolean hasWaitingConnect() {
        synchronized (session) {
            return parked != null || held != null;
        }
    }

    // ---- the held connect (WebSocket heartbeat) -----------------------------------------------------

    /** Holds {@code next} (null: holds none) and returns the one it replaces, or null. */
    HeldConnect hold(HeldConnect next) {
        synchronized (session) {
            HeldConnect previous = held;
            held = next;
            return previous;
        }
    }

    /** Forgets {@code h} if it is the held one. */
    void unhold(HeldConnect h) {
        synchronized (session) {
            if (held == h) {
                held = null;
            }
        }
    }

    // ---- the WebSocket ------------------------------------------------------------------------------

    /** Records that {@code s} may act for this session (until it closes). */
    void bindSocket(BayeuxSocket s) {
        synchronized (session) {
            if (!sockets.contains(s)) {
                sockets.add(s);
            }
        }
    }

    /**
     * Binds {@code s}, a socket whose upgrade carried no cookie, unless the session is bound to another open
     * WebSocket (checked and bound in one step). Returns whether it did.
     */
    boolean bindIfFree(BayeuxSocket s) {
        synchronized (session) {
            if (boundElsewhere(s)) {
                return false;
            }
            bindSocket(s);
            return true;
        }
    }

    /** How many open WebSockets this session is bound to (for status and tests). */
    int openSockets() {
        synchronized (session) {
            int n = 0;
            for (BayeuxSocket s : sockets) {
                if (!s.isClosed()) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Bound to an open WebSocket other than {@code s}. */
    boolean boundElsewhere(BayeuxSocket s) {
        synchronized (session) {
            for (BayeuxSocket other : sockets) {
                if (other != s && !other.isClosed()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Sets {@code next} as the delivery stream unless one already streams to its socket; returns whether it did. */
    boolean startStream(SocketStream next) {
        synchronized (session) {
            if (stream != null && stream.socket == next.socket && stream.accepting()) {
                return false; // already streaming there (a stream replaced by a long-poll is restarted)
            }
            stream = next;
            return true;
        }
    }

    /**
     * {@code s} closed: takes what this session had on that socket (its stream, its held connect, a connect parked
     * there), forgetting them, so that the caller can end each outside the lock. What the session has on another
     * socket stays.
     */
    OnClosedSocket socketClosed(BayeuxSocket s) {
        synchronized (session) {
            sockets.remove(s);
            HeldConnect h = held != null && held.writesTo(s.output()) ? held : null;
            if (h != null) {
                held = null;
            }
            SocketStream st = stream != null && stream.socket == s ? stream : null;
            if (st != null) {
                stream = null;
            }
            ConnectPoll p = parked != null && parked.writesTo(s.output()) ? parked : null;
            return new OnClosedSocket(h, st, p);
        }
    }

    /** What a closed WebSocket carried for one session. */
    record OnClosedSocket(HeldConnect held, SocketStream stream, ConnectPoll parked) {
    }

    /** The session ended: takes its held connect (to be answered by the caller). Called under the session's lock. */
    HeldConnect takeHeld() {
        synchronized (session) {
            HeldConnect h = held;
            held = null;
            return h;
        }
    }
}
