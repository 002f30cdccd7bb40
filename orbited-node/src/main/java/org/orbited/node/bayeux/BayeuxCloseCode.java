package org.orbited.node.bayeux;

import java.util.Locale;

/**
 * The close codes a Bayeux WebSocket ends with, and their reason tokens (errors.md, "WebSocket close codes").
 * RFC 6455 codes for what the RFC names; 4001 and 4002 are the node's own, the same as on its other WebSocket
 * transport. What a client should do: handshake again after 1001 and 4001, reconnect after 4002 and 1013, fix
 * itself (or send less) after the others.
 *
 * <p>The WebSocket handler ({@code bayeux.netty.BayeuxWebSocketHandler}) closes with these; the server closes
 * through {@link BayeuxOutput#close(int, String)} with {@link #GOING_AWAY}, {@link #TRY_AGAIN_LATER} and
 * {@link #SLOW_CONSUMER}. One catalog for both, in the protocol package both import.
 */
public enum BayeuxCloseCode {
    /** Graceful shutdown (written by the server). */
    GOING_AWAY(1001, "shutting down"),
    /** A frame Netty's decoder finds corrupt. */
    PROTOCOL_ERROR(1002, "protocol error"),
    /** A binary frame: Bayeux frames are text. */
    UNSUPPORTED_DATA(1003, "Bayeux frames are text"),
    /** A frame that is not a Bayeux batch; no fixed reason: the reason is the codec's problem ({@link #token}). */
    INVALID_PAYLOAD(1007, null),
    /**
     * A frame over {@code bayeux.max_message_size}: this reason when the frame decoder refuses it, the codec's
     * problem ({@code too_large}, {@code too_many_messages}) when the codec does.
     */
    MESSAGE_TOO_BIG(1009, "frame exceeds bayeux.max_message_size"),
    /** The session's route moved to another node (written by the server): reconnect now, through the gateway. */
    SERVICE_RESTART(1012, "reconnect"),
    /** The security policy's executor is full (written by the server). */
    TRY_AGAIN_LATER(1013, "try again later"),
    /** The session's queue overflowed (written by the server, as {@code core.DisconnectReason.SLOW_CONSUMER}). */
    SLOW_CONSUMER(4001, "slow consumer"),
    /** Nothing received for two ping intervals. */
    PING_TIMEOUT(4002, "ping timeout");

    private final int code;
    private final String reason;

    BayeuxCloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The close frame's status code. */
    public int code() {
        return code;
    }

    /** The close frame's reason; null for {@link #INVALID_PAYLOAD}, whose reason is the codec's problem. */
    public String reason() {
        return reason;
    }

    /** The close for a frame the codec refused: 1009 for a limit (the codec answers 413 on HTTP), else 1007. */
    public static BayeuxCloseCode forProblem(BayeuxParseException.Problem problem) {
        return problem.httpStatus() == 413 ? MESSAGE_TOO_BIG : INVALID_PAYLOAD;
    }

    /** The reason token of a frame the codec refused: the problem's name in lower case, e.g. {@code malformed_json}. */
    public static String token(BayeuxParseException.Problem problem) {
        return problem.name().toLowerCase(Locale.ROOT);
    }
}
