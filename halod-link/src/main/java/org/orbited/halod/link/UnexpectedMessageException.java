package org.orbited.halod.link;

/** A known message sent by the wrong side (e.g. ROUTES from a node). */
public final class UnexpectedMessageException extends LinkProtocolException {
    private static final long serialVersionUID = 1L;

    public UnexpectedMessageException(String message) {
        super(message, null);
    }

    public UnexpectedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
