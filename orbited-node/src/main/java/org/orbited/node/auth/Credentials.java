package org.orbited.node.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a handshake offers to prove who it is, taken from the handshake message and its HTTP request.
 *
 * @param ext           the handshake's {@code ext} object, or null
 * @param remoteAddress {@code host:port} of the client
 * @param http          the request's {@code Authorization} header and cookies ({@link HttpCredentials#NONE} when
 *                      there was no HTTP request)
 */
public record Credentials(JsonNode ext, String remoteAddress, HttpCredentials http) {
    public Credentials {
        java.util.Objects.requireNonNull(http, "http");
    }

    /** A handshake with no HTTP credentials. */
    public Credentials(JsonNode ext, String remoteAddress) {
        this(ext, remoteAddress, HttpCredentials.NONE);
    }

    /** Where the token travels: {@code ext.auth.token} of the handshake message. */
    public static final String EXT_FIELD = "auth";
    public static final String TOKEN_FIELD = "token";

    /** The {@code ext.auth} node when present, else a missing node. */
    JsonNode auth() {
        return ext == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : ext.path(EXT_FIELD);
    }
}
