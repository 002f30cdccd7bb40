package org.orbited.node.bayeux;

/**
 * One request as the engine sees it: an HTTP exchange (long-polling, callback-polling) or one WebSocket frame.
 * Implemented by the Netty transports.
 */
public interface BayeuxRequest {
    /** The transport the request came over. */
    BayeuxTransportType transport();

    /** The browser cookie sent with the request (or the WebSocket upgrade), or null. */
    String browserId();

    /** HTTP: adds the browser cookie to the response. Never called on WebSocket. */
    void setBrowserId(String browserId);

    /** {@code host:port} of the client, for policies and logs. */
    String remoteAddress();

    /** The {@code Origin} header, or null. */
    String origin();

    /** Where the response goes. */
    BayeuxOutput output();

    /** The HaloD route of the connection the request came on (its PROXY header); 0 for a direct connection. */
    default int route() {
        return 0;
    }

    /** The WebSocket the frame came on, or null for HTTP. */
    BayeuxSocket socket();

    /**
     * The request's {@code Authorization} header and cookies, for the authenticator at handshake (over WebSocket:
     * the upgrade request's). Read only for handshakes, so an implementation may parse lazily.
     */
    default org.orbited.node.auth.HttpCredentials httpCredentials() {
        return org.orbited.node.auth.HttpCredentials.NONE;
    }
}
