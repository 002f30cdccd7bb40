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
    SHUTDOWN
}
