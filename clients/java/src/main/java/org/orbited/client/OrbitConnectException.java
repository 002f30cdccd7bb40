package org.orbited.client;

/**
 * The node could not be reached (refused, unresolvable, connect timeout), or the connection was lost again after a request had already been resent once. The cause is the underlying {@link java.io.IOException}.
 */
public class OrbitConnectException extends OrbitException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitConnectException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OrbitConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
