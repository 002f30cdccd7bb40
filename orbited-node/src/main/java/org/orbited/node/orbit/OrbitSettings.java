package org.orbited.node.orbit;

/**
 * Where the Orbit port listens and the limits it enforces; the daemon fills it from {@code op.*} keys.
 *
 * @param bind            address to bind ({@code op.bind})
 * @param port            port to bind, 0 for any free one ({@code op.port})
 * @param maxLine         bytes of one line, line end not counted ({@code op.max_line})
 * @param maxHeaders      header lines of one request ({@code op.max_headers})
 * @param maxBody         bytes of one body ({@code op.max_body})
 * @param maxReplyBacklog reply bytes a connection may have unwritten before it stops reading
 *                        ({@code op.max_reply_backlog})
 */
public record OrbitSettings(String bind, int port, int maxLine, int maxHeaders, int maxBody, int maxReplyBacklog) {
}
