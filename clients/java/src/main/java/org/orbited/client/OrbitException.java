package org.orbited.client;

/**
 * Base of every failure the client reports. Unchecked, because it usually travels inside a
 * {@link java.util.concurrent.CompletableFuture}; the blocking {@link OrbitClient#sendAndWait} throws it
 * directly.
 *
 * <ul>
 *   <li>{@link OrbitConnectException}: the node could not be reached, or the connection was lost twice
 *       before a request was answered.</li>
 *   <li>{@link OrbitTimeoutException}: no reply, or no free in-flight slot, within the request timeout.</li>
 *   <li>{@link OrbitBackpressureException}: {@link OrbitClient#trySend} found every in-flight slot taken.</li>
 *   <li>{@link OrbitProtocolException}: the peer sent bytes that are not an Orbit reply.</li>
 *   <li>{@link OrbitRequestException}: the node rejected the request ({@code Error}, or a {@code Failure}
 *       without recipients).</li>
 *   <li>{@link OrbitClosedException}: the client was closed.</li>
 * </ul>
 */
public class OrbitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public OrbitException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OrbitException(String message, Throwable cause) {
        super(message, cause);
    }
}
