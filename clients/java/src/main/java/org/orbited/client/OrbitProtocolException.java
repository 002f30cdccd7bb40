package org.orbited.client;

/**
 * The peer answered with bytes that are not an Orbit reply (an unknown status line, a header without
 * {@code :}, a reply without {@code id}, an oversized frame). The message names the offending bytes,
 * with CR and LF made visible. The connection is closed and every request waiting on it fails with
 * this exception (they are not resent: a peer that speaks something else would only do it again).
 */
public class OrbitProtocolException extends OrbitException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitProtocolException(String message) {
        super(message);
    }
}
