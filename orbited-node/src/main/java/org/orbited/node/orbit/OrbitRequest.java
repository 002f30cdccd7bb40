package org.orbited.node.orbit;

import java.util.List;
import java.util.Objects;

/**
 * One well-formed Orbit request (orbit-protocol.md §2.1), as produced by {@link OrbitRequestParser}.
 *
 * <p>Immutable except for {@code body}: the array is handed over without copying and must be treated
 * as read-only by everybody who receives it, so that one event is framed from one array.
 *
 * @param id         the {@code id} header value, trimmed, decoded as ISO-8859-1 so that
 *                   {@link OrbitReplies} can echo it byte-for-byte
 * @param recipients every {@code recipient} header value, trimmed, decoded as UTF-8, in request
 *                   order, duplicates kept; interpret them with {@link Recipient#parse(String)}
 * @param body       exactly {@code length} bytes, opaque
 */
public record OrbitRequest(String id, List<String> recipients, byte[] body) {
    public OrbitRequest {
        Objects.requireNonNull(id, "id");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "OrbitRequest[id=" + id + ", recipients=" + recipients + ", body=" + body.length + " bytes]";
    }
}
