package org.orbited.node.bayeux;

/** The Bayeux connection types the node serves, by their wire names. */
public enum BayeuxTransportType {
    WEBSOCKET("websocket"),
    LONG_POLLING("long-polling"),
    CALLBACK_POLLING("callback-polling");

    private final String wire;

    BayeuxTransportType(String wire) {
        this.wire = wire;
    }

    /** The name in {@code supportedConnectionTypes} and {@code connectionType}. */
    public String wire() {
        return wire;
    }

    /** True for the HTTP transports, whose sessions are found through the browser cookie. */
    public boolean isHttp() {
        return this != WEBSOCKET;
    }

}
