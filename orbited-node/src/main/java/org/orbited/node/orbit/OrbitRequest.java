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
 * @param node       the {@code node} header value, trimmed (ISO-8859-1), or null without one: the HaloD cluster
 *                   extension naming the node the request is meant for ({@link AddressedNodeCheck})
 */
public record OrbitRequest(String id, List<String> recipients, byte[] body, String node) {
    public OrbitRequest {
        Objects.requireNonNull(id, "id");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(body, "body");
    }

    /** A request without a {@code node} header (every Orbit 0.1-0.3 client's). */
    public OrbitRequest(String id, List<String> recipients, byte[] body) {
        this(id, recipients, body, null);
    }

    @Override
    public String toString() {
        return "OrbitRequest[id=" + id + ", recipients=" + recipients + ", body=" + body.length + " bytes"
                + (node == null ? "" : ", node=" + node) + "]";
    }
}
