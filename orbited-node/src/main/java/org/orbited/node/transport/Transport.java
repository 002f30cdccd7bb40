package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * One browser transport's wire format: its response head and prologue, how it frames an event, its
 * idle ping, its reconnect instruction and its length cap. Plain Java; the byte formats are those of
 * orbit-protocol.md section 5. Implementations are immutable and shared by all connections.
 *
 * <p>Shared framing is memoised on the {@link Event} under {@link #slot()}, so a publication to many
 * connections of one transport is framed once.
 */
public abstract class Transport {
    /** How connections of a transport live. */
    public enum Family {
        /** One long response carrying many events. */
        STREAM,
        /** 0.1 {@code xhr}/{@code xhr_buffered}: one event per response, polls queue FIFO. */
        XHR_POLL,
        /** {@code long_poll}: a JSON batch per response. */
        LONG_POLL,
        /** RFC 6455 WebSocket. */
        WEBSOCKET
    }

    private static final byte[] NONE = new byte[0];

    private final String name;
    private final int slot;
    private final Family family;
    private final byte[] head;
    private final byte[] prologue;
    private final long cap;
    private final byte[] ping;
    private final byte[] reconnect;

    /**
     * A transport whose head, prologue, cap, ping and reconnect bytes are fixed; subclasses override
     * the accessors that depend on the request. {@code ping} and {@code reconnect} may be null (none).
     */
    protected Transport(String name, int slot, Family family, byte[] head, byte[] prologue, long cap, byte[] ping,
                        byte[] reconnect) {
        this.name = name;
        this.slot = slot;
        this.family = family;
        this.head = head;
        this.prologue = prologue == null ? NONE : prologue;
        this.cap = cap;
        this.ping = ping;
        this.reconnect = reconnect;
    }

    /** The name users put in URLs. */
    public final String name() {
        return name;
    }

    /**
     * The name connections are counted under in {@code /_/status} and {@code /_/metrics}: the URL name,
     * except that the 0.2 {@code iframe} (alias {@code htmlfile}) counts as {@code htmlfile} so it is not
     * mixed with the 0.1 {@code iframe}.
     */
    public String statsName() {
        return name;
    }

    /** This transport's memo slot in {@link Event#framed}. */
    public final int slot() {
        return slot;
    }

    public final Family family() {
        return family;
    }

    /** Whether events carry ids and can be replayed. */
    public boolean resumable() {
        return false;
    }

    /** The status line and headers, through the blank line (empty when written per response). */
    public byte[] head(OpenContext ctx) {
        return head;
    }

    /** Bytes written right after the head (padding, retry field); counted against the cap. */
    public byte[] prologue(OpenContext ctx) {
        return prologue;
    }

    /** Body bytes after which the response must be recycled, or 0 for none. */
    public final long cap() {
        return cap;
    }

    /**
     * Whether the transport writes the request's {@code Host} into the page ({@code iframe_domain}); the HTTP
     * router then answers a Host that is not {@code host[:port]} with a 400 before the transport sees it.
     */
    public boolean writesHost() {
        return false;
    }

    /** Whether {@code e} can be carried at all (modern transports need UTF-8). */
    public boolean accepts(Event e) {
        return true;
    }

    /**
     * The frame of {@code e}, whose id on this connection is {@code id} (ignored by legacy transports).
     * {@code first} is true for the first event on the connection.
     */
    public abstract Frame frame(String id, Event e, boolean first);

    /** Idle ping bytes, or null when the transport has none. */
    public final byte[] ping() {
        return ping;
    }

    /** Reconnect instruction bytes, or null when the transport just closes. */
    public final byte[] reconnect() {
        return reconnect;
    }

    /**
     * The hello control of a resumable transport, written first on a connection whose browser asked for it
     * ({@code hello=1}): the session's {@code epoch} and the grace period in milliseconds the session waits for
     * the browser after this connection goes. Null for transports without one.
     */
    public byte[] hello(String epoch, long graceMillis) {
        return null;
    }

    /** Bytes telling the client its history was lost (resumable transports), or null. */
    public byte[] reset() {
        return null;
    }

    /** Bytes telling the client why it is being closed (modern transports), or null. */
    public byte[] closeNotice(org.orbited.node.core.DisconnectReason reason) {
        return null;
    }

    /** Bytes written just before the connection is closed (a final chunk), or null. */
    public byte[] trailer() {
        return null;
    }

    /** The idle ping interval for this transport in ms, or 0 when it sends no pings. */
    public long pingMillis(TransportSettings s) {
        return ping() == null ? 0 : s.pingMillis();
    }

    @Override
    public String toString() {
        return name;
    }
}
