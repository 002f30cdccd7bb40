package org.orbited.node.core;

/**
 * The one catalog of reasons the node closes a browser connection (orbit-protocol.md 5.5). The code's
 * range tells a client what to do: 1012 reconnect now, 4000-4499 reconnect with backoff, 4500-4999 do
 * not reconnect; the other RFC 6455 codes (1007) mean the client sent something wrong and should not send it
 * again. Legacy transports carry no reason; they write their reconnect bytes or just close.
 */
public enum DisconnectReason {
    /** Reconnect now: length cap, route move, shutdown. */
    RECONNECT(1012, "reconnect"),
    /** Too many events or bytes pending for the session. */
    SLOW_CONSUMER(4001, "slow consumer"),
    /** A WebSocket answered no ping for two intervals. */
    PING_TIMEOUT(4002, "ping timeout"),
    /**
     * A request of an attempt the client had already given up when a later attempt of the same client instance
     * reached the session ({@link ClientAttempt}): refused so that it does not replace the live connection. The
     * client has abandoned it and normally never reads this; one that does reconnects with backoff.
     */
    STALE(4003, "stale attempt"),
    /** A WebSocket text frame from the browser that is not UTF-8 (RFC 6455 8.1). */
    INVALID_UTF8(1007, "invalid UTF-8"),
    /** A newer connection took over the session. */
    REPLACED(4500, "replaced"),
    /** The client ended its session (a Bayeux {@code /meta/disconnect}). */
    DISCONNECTED(4501, "disconnected");

    private final int code;
    private final String reason;

    DisconnectReason(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
