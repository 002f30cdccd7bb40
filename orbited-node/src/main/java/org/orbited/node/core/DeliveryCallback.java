package org.orbited.node.core;

import java.util.BitSet;

/**
 * Told once when every key recipient of one request has succeeded or failed. Called on whatever thread
 * resolved the last recipient (an I/O thread, the timer); must not block.
 */
@FunctionalInterface
public interface DeliveryCallback {
    /** {@code failed} holds the indexes, into the request's key list, of the keys that failed. */
    void completed(BitSet failed);
}
