package org.orbited.node.http.shared;

import java.util.Base64;

/**
 * What RFC 6455 4.2.1 asks of an opening handshake that Netty's handshaker does not check: the version the node
 * speaks and the form of the key. Netty checks the method, {@code Upgrade}, {@code Connection} and that a key is
 * there; left to itself it would also take the drafts 7 and 8, and a request without a version as the pre-RFC
 * Hixie handshake. Both WebSocket endpoints of the HTTP port (the comet {@code websocket} transport and
 * {@code /cometd}) run this first and answer a problem from their error catalog before anything else happens.
 *
 * <p>Plain Java, stateless.
 */
public final class WebSocketKeyCheck {
    /** The one {@code Sec-WebSocket-Version} the node speaks (RFC 6455). */
    public static final String VERSION = "13";

    /** What is wrong with a handshake, with the text its error carries. */
    public enum Problem {
        /** {@code Sec-WebSocket-Version} absent or not 13: answered 426 with {@code Sec-WebSocket-Version: 13}. */
        UNSUPPORTED_VERSION(null),
        /** No {@code Sec-WebSocket-Key}: answered 400. */
        MISSING_KEY("missing Sec-WebSocket-Key"),
        /** A key that is not the base64 form of 16 bytes: answered 400. */
        BAD_KEY("Sec-WebSocket-Key is not 16 bytes in base64");

        private final String text;

        Problem(String text) {
            this.text = text;
        }

        /** The error's detail (the offending version is the detail of {@link #UNSUPPORTED_VERSION}). */
        public String text() {
            return text;
        }
    }

    private WebSocketKeyCheck() {
    }

    /**
     * The first problem of a handshake with these header values (null when absent), or null if there is none.
     * The version is checked first, so that a client of another version learns which one to speak.
     */
    public static Problem check(String version, String key) {
        if (version == null || !VERSION.equals(version.trim())) {
            return Problem.UNSUPPORTED_VERSION;
        }
        if (key == null) {
            return Problem.MISSING_KEY;
        }
        return isNonce(key.trim()) ? null : Problem.BAD_KEY;
    }

    /** A base64-encoded 16-byte value: 22 characters of the base64 alphabet and {@code ==} (RFC 6455 4.1, 11). */
    static boolean isNonce(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
