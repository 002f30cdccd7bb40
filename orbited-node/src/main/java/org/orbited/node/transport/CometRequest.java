package org.orbited.node.transport;

import java.util.Set;
import org.orbited.node.core.ClientAttempt;
import org.orbited.node.core.SessionKey;

/**
 * A browser's request for a comet connection, parsed from either URL form by {@code http.CometRequestParser}.
 *
 * @param key          (user, session, location)
 * @param transport    the transport name asked for (not yet resolved)
 * @param pipeForm     true for {@code /loc|user,session,transport}
 * @param channels     channels to subscribe (query form only)
 * @param lastEventId  the id to resume from, or null
 * @param hello        true when the browser asked for the hello control ({@code hello=1}, resumable transports)
 * @param attempt      the client instance and attempt ({@code instance=} and {@code attempt=}, resumable transports),
 *                     or null
 */
public record CometRequest(SessionKey key, String transport, boolean pipeForm, Set<String> channels,
                           String lastEventId, boolean hello, ClientAttempt attempt) {
    /** A request that names no client attempt. */
    public CometRequest(SessionKey key, String transport, boolean pipeForm, Set<String> channels,
                        String lastEventId, boolean hello) {
        this(key, transport, pipeForm, channels, lastEventId, hello, null);
    }
}
