package org.orbited.client;

/**
 * The client was closed before the request could be sent or answered.
 */
public class OrbitClosedException extends OrbitException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitClosedException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OrbitClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
