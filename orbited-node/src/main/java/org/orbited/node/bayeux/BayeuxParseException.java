package org.orbited.node.bayeux;

/**
 * A request body that is not a Bayeux batch (reference section 1.1). These are HTTP errors, not Bayeux errors:
 * the endpoint answers {@link Problem#httpStatus()} and no Bayeux reply. The message names the problem and,
 * where it has one, the position.
 */
public final class BayeuxParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the body; the one catalog of codec failures. */
    public enum Problem {
        /** Empty or blank body. */
        EMPTY_BODY(400),
        /** Body over {@link BayeuxCodec.Limits#maxMessageBytes()}. */
        TOO_LARGE(413),
        /** Not UTF-8 (a UTF-16/32 byte order or NUL bytes, or a broken UTF-8 sequence). */
        NOT_UTF8(400),
        /** Not well-formed JSON, including content after the value and duplicate field names. */
        MALFORMED_JSON(400),
        /** The value is neither an object nor an array. */
        NOT_A_MESSAGE(400),
        /** An array element is not an object. */
        ELEMENT_NOT_OBJECT(400),
        /** {@code []}. */
        EMPTY_BATCH(400),
        /** More than {@link BayeuxCodec.Limits#maxMessagesPerRequest()} messages. */
        TOO_MANY_MESSAGES(413),
        /** JSON nested deeper than {@link BayeuxCodec.Limits#maxJsonDepth()}. */
        TOO_DEEP(400);

        private final int httpStatus;

        Problem(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status the endpoint answers with. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Problem problem;

    public BayeuxParseException(Problem problem, String detail) {
        super(problem + ": " + detail);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
