package org.orbited.node.transport;

/**
 * The bytes of one event on one connection: an optional per-connection prefix (an event id, a chunk
 * header), the shared part that is identical on every connection of the transport, and an optional
 * constant suffix. The connections copy the frames queued since their last write once into one direct buffer
 * ({@code transport.netty.ChannelConnection}); a long-poll response wraps the parts without copying them.
 */
public record Frame(byte[] prefix, byte[] shared, byte[] suffix) {
    public static Frame of(byte[] shared) {
        return new Frame(null, shared, null);
    }

    public int length() {
        return (prefix == null ? 0 : prefix.length) + shared.length + (suffix == null ? 0 : suffix.length);
    }
}
