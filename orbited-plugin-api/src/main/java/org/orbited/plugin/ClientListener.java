package org.orbited.plugin;

/**
 * Told when Bayeux clients come and go (see {@link ServerChannels#watchClients}). Called on the registering
 * plugin's executor, never on an I/O thread, one call at a time; for one client {@link #onConnected} comes before
 * {@link #onEnded}. A client that ends before its {@code onConnected} was run is still reported both times. A
 * throw is logged and swallowed. Calls must not block for long: they hold up the plugin's other callbacks.
 *
 * <p>Like every callback, these calls go through the plugin's bounded queue: when it is full (the plugin is stuck
 * or far behind) they are dropped, counted and logged. A plugin that keeps state per client should therefore also
 * let go of entries whose {@link ServerChannels#client(String)} has become empty.
 */
public interface ClientListener {
    /** {@code client} completed its handshake (it was authenticated, if the node authenticates). */
    default void onConnected(ClientInfo client) {
    }

    /** {@code client} ended, for {@code reason}; its clientId is no longer valid. */
    default void onEnded(ClientInfo client, ClientEndReason reason) {
    }
}
