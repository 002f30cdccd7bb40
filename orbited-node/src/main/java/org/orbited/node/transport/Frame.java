package org.orbited.node.transport;

/**
 * The bytes of one event on one connection: an optional per-connection prefix (an event id, a chunk
 * header), the shared part that is identical on every connection of the transport, and an optional
 * constant suffix. Written as up to three buffers without copying.
 */
public record Frame(byte[] prefix, byte[] shared, byte[] suffix) {
    public static Frame of(byte[] shared) {
        return new Frame(null, shared, null);
    }

    public int length() {
        return (prefix == null ? 0 : prefix.length) + shared.length + (suffix == null ? 0 : suffix.length);
    }
}
