package org.orbited.halod.link;

/** A required field missing, a field of the wrong JSON type, or a value out of range (a route id outside 1..4096, a negative number, a list longer than 4096, a wrong {@code proto}). */
public final class InvalidFieldException extends LinkProtocolException {
    private static final long serialVersionUID = 1L;

    public InvalidFieldException(String message) {
        super(message, null);
    }

    public InvalidFieldException(String message, Throwable cause) {
        super(message, cause);
    }
}
