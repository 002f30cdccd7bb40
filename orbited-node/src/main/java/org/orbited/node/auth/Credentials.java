package org.orbited.node.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a handshake offers to prove who it is, taken from the handshake message and its HTTP request.
 *
 * @param ext           the handshake's {@code ext} object, or null
 * @param remoteAddress {@code host:port} of the client
 */
public record Credentials(JsonNode ext, String remoteAddress) {
    /** Where the token travels: {@code ext.auth.token} of the handshake message. */
    public static final String EXT_FIELD = "auth";
    public static final String TOKEN_FIELD = "token";

    /** The {@code ext.auth} node when present, else a missing node. */
    JsonNode auth() {
        return ext == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : ext.path(EXT_FIELD);
    }
}
