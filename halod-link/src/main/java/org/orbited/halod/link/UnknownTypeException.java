package org.orbited.halod.link;

/** A line whose {@code type} names no message of the protocol. */
public final class UnknownTypeException extends LinkProtocolException {
    private static final long serialVersionUID = 1L;

    public UnknownTypeException(String message) {
        super(message, null);
    }

    public UnknownTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
