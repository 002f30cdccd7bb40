package org.orbited.plugin;

/** Why a Bayeux client ended, as {@link ClientListener#onEnded} reports it. */
public enum ClientEndReason {
    /** The client sent {@code /meta/disconnect}. */
    DISCONNECT,
    /** No {@code /meta/connect} came for {@code [bayeux] max_interval}: the client went away without a word. */
    TIMEOUT,
    /** More messages waited for the client than {@code [bayeux] max_queue}, or more bytes than its byte limit. */
    SLOW_CONSUMER,
    /** The node is shutting down. */
    SHUTDOWN,
    /**
     * The node handed the client to another node: a cluster route move, fence or drain (the client's held
     * {@code /meta/connect} was answered with {@code reconnect: handshake} advice, or its Bayeux WebSocket closed
     * 1012). The client is expected to handshake again elsewhere, as a new client with a new id. The node's own
     * graceful shutdown reports {@link #SHUTDOWN} instead.
     */
    MOVED
}
