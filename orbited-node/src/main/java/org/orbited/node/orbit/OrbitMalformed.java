package org.orbited.node.orbit;

import java.util.Objects;

/**
 * A request the parser rejected: the reply to send is {@link OrbitReplies#forMalformed(OrbitMalformed)}.
 *
 * @param id   the request's {@code id} as decoded (ISO-8859-1), or {@code null} if it was not known
 *             when the problem was found; with {@code null} the reply takes the {@code Error} form
 * @param code the reason; {@link OrbitErrorCode#closesConnection()} says whether to close afterwards
 */
public record OrbitMalformed(String id, OrbitErrorCode code) {
    public OrbitMalformed {
        Objects.requireNonNull(code, "code");
    }
}
