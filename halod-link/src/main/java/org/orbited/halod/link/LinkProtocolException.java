package org.orbited.halod.link;

/**
 * A line that breaks the control-link protocol. The receiver logs {@link #getMessage()} (it names the field and the
 * value), sends {@code BYE} with {@link #byeReason()} and closes that one link; nothing else is affected. The
 * subclasses say what was wrong: {@link LineTooLongException}, {@link MalformedLineException},
 * {@link UnknownTypeException}, {@link InvalidFieldException}, {@link UnexpectedMessageException}.
 */
public abstract sealed class LinkProtocolException extends Exception
        permits LineTooLongException, MalformedLineException, UnknownTypeException, InvalidFieldException,
        UnexpectedMessageException {
    private static final long serialVersionUID = 1L;

    LinkProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The BYE reason to answer with: always {@link ByeReason#PROTOCOL}. */
    public ByeReason byeReason() {
        return ByeReason.PROTOCOL;
    }
}
