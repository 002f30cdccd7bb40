package org.orbited.client;

/**
 * No reply arrived within the request timeout, or {@link OrbitClient#send} waited that long for a free in-flight slot. The request may still have been delivered: a timeout says nothing about the browser side.
 */
public class OrbitTimeoutException extends OrbitException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitTimeoutException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OrbitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
