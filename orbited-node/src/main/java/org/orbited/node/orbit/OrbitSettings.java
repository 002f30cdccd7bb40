package org.orbited.node.orbit;

/**
 * Where the Orbit port listens and the limits it enforces; the daemon fills it from {@code op.*} keys.
 *
 * @param bind             address to bind ({@code op.bind})
 * @param port             port to bind, 0 for any free one ({@code op.port})
 * @param maxLine          bytes of one line, line end not counted ({@code op.max_line})
 * @param maxHeaders       header lines of one request ({@code op.max_headers})
 * @param maxBody          bytes of one body ({@code op.max_body})
 * @param maxHead          bytes of one request's head lines, line ends not counted ({@code op.max_head})
 * @param maxReplyBacklog  reply bytes a connection may have unwritten before it stops reading
 *                         ({@code op.max_reply_backlog})
 * @param requestTimeoutMillis time from a request's first byte to its last ({@code op.request_timeout})
 * @param maxPendingBytes  node-wide bytes held for requests still arriving ({@code op.max_pending_bytes})
 * @param maxInFlight      requests a connection may have dispatched and unanswered before it stops reading
 *                         ({@code op.max_in_flight})
 * @param maxInFlightBytes body and recipient bytes of those requests ({@code op.max_in_flight_bytes})
 */
public record OrbitSettings(String bind, int port, int maxLine, int maxHeaders, int maxBody, int maxHead,
                            int maxReplyBacklog,
                            long requestTimeoutMillis, long maxPendingBytes, int maxInFlight, long maxInFlightBytes) {
}
