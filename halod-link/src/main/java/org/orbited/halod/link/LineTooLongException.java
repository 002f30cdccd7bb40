package org.orbited.halod.link;

/** A line longer than {@link LinkLimits#MAX_LINE_BYTES} (or the reader's own limit); the rest of it is never buffered. */
public final class LineTooLongException extends LinkProtocolException {
    private static final long serialVersionUID = 1L;

    public LineTooLongException(String message) {
        super(message, null);
    }

    public LineTooLongException(String message, Throwable cause) {
        super(message, cause);
    }
}
