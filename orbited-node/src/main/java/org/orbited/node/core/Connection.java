package org.orbited.node.core;

import java.util.List;

/**
 * A browser connection as the core sees it. Implemented by the transports; the core never sees sockets.
 *
 * <p><b>Threading.</b> {@link #send} and {@link #close} are called with the owning session's lock held,
 * from any thread; they must not block and must not call back into the session synchronously. The
 * connection reports each accepted event later through {@link Session#written}, from any thread.
 */
public interface Connection {
    /** {@link #send} result: the first event offered can never be written on this connection. */
    int REJECT_FIRST = -1;

    /** The transport's name as users put it in URLs ({@code sse}, {@code xhr_stream}, ...). */
    String transportName();

    /** True for transports with event ids and replay ({@code sse}, {@code websocket}, {@code long_poll}). */
    boolean resumable();

    /** True for 0.1 {@code xhr}/{@code xhr_buffered} polls, several of which may be held at once, FIFO. */
    boolean queuesPolls();

    /** True when the connection is finished after one response (polls). */
    boolean oneShot();

    /** How many events one {@link #send} may carry. */
    int batchLimit();

    /** Minimum grace period after this connection goes, in milliseconds (0: the configured one). */
    long minimumGraceMillis();

    /**
     * Tells a {@link #resumable()} connection, as it attaches and before any reset, replay or event, the
     * session's epoch and how long the session will wait for the browser after this connection goes
     * ({@code graceMillis}). A transport writes its hello control with these when the browser asked for it
     * and otherwise nothing (the default). Called with the session's lock held; must not block.
     */
    default void announce(String epoch, long graceMillis) {
    }

    /**
     * Writes {@code events} (ids are {@code epoch-seq}), preceded by a reset control when {@code reset}
     * is true. Returns how many events, from the front, were accepted; fewer than offered means either
     * that the connection reached its length cap and is closing with its reconnect instruction
     * ({@link #accepting()} then false) or that the next event cannot be carried here. Returns
     * {@link #REJECT_FIRST} when the first event can never be written here (too large for the cap, or
     * not UTF-8 on a transport that needs it); the session then fails that event for this recipient.
     */
    int send(Session session, List<QueuedEvent> events, boolean reset);

    /**
     * False once the connection takes no more events (closing at its cap, or closed). A connection that
     * accepted fewer events than offered but is still accepting stopped before one it cannot carry; the
     * session offers that one again first and fails it on {@link #REJECT_FIRST}.
     */
    default boolean accepting() {
        return true;
    }

    /**
     * Closes at once, without waiting for queued writes to flush (a browser that stopped reading):
     * writes not yet done fail. By default the same as {@code close(null)}.
     */
    default void abort() {
        close(null);
    }

    /** Closes the connection, telling the browser {@code reason} where the transport can; null: silently. */
    void close(DisconnectReason reason);
}
