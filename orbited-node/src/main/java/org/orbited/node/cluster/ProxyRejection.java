package org.orbited.node.cluster;

/**
 * The one catalog of reasons a listener closes a connection because of its PROXY protocol header (docs/errors.md,
 * "PROXY header rejections"). Each closes the connection with one WARN naming the reason and the peer.
 */
public enum ProxyRejection {
    /** From a {@code proxy_from} address, the first bytes cannot begin a PROXY header. */
    NO_HEADER("no PROXY v2 header from a proxy_from address"),
    /** The text form of the PROXY protocol; HaloD writes v2 only. */
    V1_HEADER("PROXY v1 header (only v2 is accepted)"),
    /** A v2 header Netty's decoder refused (bad signature, version, family, length, or TLVs over the limit). */
    INVALID_HEADER("invalid PROXY v2 header"),
    /** A v2 {@code LOCAL} command (a health check): it names no client and no route port. */
    LOCAL_COMMAND("PROXY v2 LOCAL command carries no route"),
    /** The header's destination port is not one of this side's route ports. */
    NO_ROUTE("PROXY destination port maps to no route"),
    /** The whole header did not arrive within {@code proxy_header_timeout}. */
    HEADER_TIMEOUT("PROXY header not complete in time"),
    /** A connection from an address not in {@code proxy_from} started with a PROXY header. */
    NOT_A_PROXY_SOURCE("PROXY header from an address not in proxy_from");

    private final String text;

    ProxyRejection(String text) {
        this.text = text;
    }

    /** The reason as logged. */
    public String text() {
        return text;
    }
}
