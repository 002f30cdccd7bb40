package org.orbited.node.core;

/**
 * The one catalog of reasons the node closes a browser connection (orbit-protocol.md 5.5). The code's
 * range tells a client what to do: 1012 reconnect now, 4000-4499 reconnect with backoff, 4500-4999 do
 * not reconnect. Legacy transports carry no reason; they write their reconnect bytes or just close.
 */
public enum DisconnectReason {
    /** Reconnect now: length cap, route move, shutdown. */
    RECONNECT(1012, "reconnect"),
    /** Too many events or bytes pending for the session. */
    SLOW_CONSUMER(4001, "slow consumer"),
    /** A WebSocket answered no ping for two intervals. */
    PING_TIMEOUT(4002, "ping timeout"),
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
