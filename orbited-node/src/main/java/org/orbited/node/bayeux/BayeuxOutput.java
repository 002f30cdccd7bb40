package org.orbited.node.bayeux;

import java.util.function.Consumer;

/**
 * Where the engine writes: one HTTP exchange (one response) or one WebSocket (any number of frames).
 * Implemented by the Netty transports, which only move these bytes.
 *
 * <p><b>Threading.</b> Called from any thread, often with a session's lock held: implementations must not
 * block and must report {@code written} later, never from inside the call.
 */
public interface BayeuxOutput {
    /**
     * Sends one JSON array (a response body or a frame) with HTTP status {@code status} (ignored on
     * WebSocket). An HTTP exchange takes only its first call. {@code written} is told whether the bytes were
     * written to the socket.
     */
    void send(byte[] jsonArray, int status, Consumer<Boolean> written);

    /**
     * Runs {@code task} if the connection closes before this output has sent anything (a parked connect whose
     * client went away). Only the last task set counts; sending clears it.
     */
    default void whenClosed(Runnable task) {
    }

    /**
     * WebSocket: stops ({@code true}) or resumes ({@code false}) reading frames from the socket, while frames wait
     * to be handled (see {@link BayeuxServer#MAX_QUEUED_FRAMES}). HTTP ignores it: one exchange is one request.
     */
    default void pauseReading(boolean paused) {
    }

    /** Closes the WebSocket with a close code and reason; on HTTP, closes the connection after any response. */
    void close(int code, String reason);
}
