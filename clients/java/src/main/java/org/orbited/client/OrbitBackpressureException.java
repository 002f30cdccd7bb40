package org.orbited.client;

/**
 * {@link OrbitClient#trySend} found all {@code maxInFlight} slots taken and did not send the request. Nothing was written; retry later or use the blocking {@link OrbitClient#send}.
 */
public class OrbitBackpressureException extends OrbitException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitBackpressureException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OrbitBackpressureException(String message, Throwable cause) {
        super(message, cause);
    }
}
