package org.orbited.client;

/**
 * The node understood the framing but rejected the request: a {@code Failure} reply without
 * {@code recipient:} lines (for example {@code msg: body exceeds op.max_body}), or an {@code Error}
 * reply. {@link #nodeMessage()} is the node's {@code msg:} text (docs/errors.md lists them).
 */
public class OrbitRequestException extends OrbitException {
    private static final long serialVersionUID = 1L;
    private final String nodeMessage;

    /** The node rejected the request with {@code nodeMessage}; {@code message} adds context. */
    public OrbitRequestException(String message, String nodeMessage) {
        super(message);
        this.nodeMessage = nodeMessage;
    }

    /** The {@code msg:} value of the node's reply, or {@code null} if it sent none. */
    public String nodeMessage() {
        return nodeMessage;
    }
}
