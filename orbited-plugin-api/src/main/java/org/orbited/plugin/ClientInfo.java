package org.orbited.plugin;

import java.time.Instant;
import java.util.Objects;

/**
 * What the node knows of one Bayeux client, from its handshake on. Immutable: a snapshot taken when the client
 * was created (none of these fields change afterwards).
 *
 * @param clientId      the Bayeux clientId
 * @param identity      who the client is ({@link Identity#ANONYMOUS} without authentication)
 * @param remoteAddress {@code host:port} the handshake came from
 * @param transport     the transport the handshake came over: {@code websocket}, {@code long-polling} or
 *                      {@code callback-polling} (a client may move to another transport later; this one stays)
 * @param connectedAt   when the handshake was accepted
 */
public record ClientInfo(String clientId, Identity identity, String remoteAddress, String transport,
                         Instant connectedAt) {
    public ClientInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectedAt, "connectedAt");
    }
}
