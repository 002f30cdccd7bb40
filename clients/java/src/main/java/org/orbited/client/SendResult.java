package org.orbited.client;

import java.util.List;

/**
 * The node's answer to one request. {@code Success} gives every recipient in {@link #reached()};
 * {@code Failure} splits them: a key is in {@link #failed()} when it had no session, its session
 * expired or was discarded, or the node's delivery deadline ({@code event.deadline}, 30 s) passed
 * before its bytes were written to a browser. Channels are always reached (orbit-protocol.md §2.3).
 *
 * <p>Delivery is at-least-once: when the connection broke before the reply, the request was written
 * again on a new connection and {@link #resent()} is {@code true}. The first copy may also have been
 * delivered, so a browser can see the event twice.
 *
 * @param id the {@code id} the answering connection used (ids restart at 1 on each connection)
 * @param reached recipients the event was written to (keys) or fanned out to (channels), request order
 * @param failed recipients the node could not reach, request order
 * @param resent whether the request was written a second time after a lost connection
 */
public record SendResult(String id, List<Recipient> reached, List<Recipient> failed, boolean resent) {

    /** Copies the lists. */
    public SendResult {
        reached = List.copyOf(reached);
        failed = List.copyOf(failed);
    }

    /** True when every recipient was reached (a {@code Success} reply). */
    public boolean ok() {
        return failed.isEmpty();
    }
}
