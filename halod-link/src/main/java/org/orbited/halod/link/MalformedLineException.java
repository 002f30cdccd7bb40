package org.orbited.halod.link;

/** A line that is not one JSON object (bad JSON, not UTF-8, trailing data, or not an object). */
public final class MalformedLineException extends LinkProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedLineException(String message) {
        super(message, null);
    }

    public MalformedLineException(String message, Throwable cause) {
        super(message, cause);
    }
}
