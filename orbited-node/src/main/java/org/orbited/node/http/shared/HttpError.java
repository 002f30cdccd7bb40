package org.orbited.node.http.shared;

/**
 * The catalog of HTTP errors the router, the static files, the proxy and the comet transports answer with
 * (orbit-protocol.md 3.2). Every error is an HTTP/1.1 response with a one-line {@code text/plain; charset=utf-8}
 * body and {@code Connection: close}. The Bayeux endpoint has its own catalog, {@code bayeux.netty.BayeuxHttpError}.
 */
public enum HttpError implements PlainTextError {
    MISSING_USER(400, "missing required parameter: user"),
    UNKNOWN_TRANSPORT(400, "unknown transport: %s"),
    BAD_PERCENT_ENCODING(400, "malformed request: bad percent-encoding in %s"),
    BAD_FIELD(400, "malformed request: %s"),
    BAD_CHANNEL(400, "malformed request: invalid channel name: %s"),
    TOO_MANY_CHANNELS(400, "malformed request: more than %s channels"),
    /** A Host that is not {@code host[:port]}, on a transport that writes it into the page ({@code iframe_domain}). */
    BAD_HOST(400, "malformed request: invalid Host header: %s"),
    MALFORMED_REQUEST(400, "malformed request: %s"),
    /** A WebSocket upgrade Netty's handshaker rejects (for example no {@code Sec-WebSocket-Key}). */
    BAD_WEBSOCKET_HANDSHAKE(400, "malformed request: bad websocket handshake: %s"),
    NOT_FOUND(404, "not found: %s"),
    METHOD_NOT_ALLOWED(405, "method not allowed: %s"),
    /** RFC 6455 4.4: answered with {@code Sec-WebSocket-Version: 13} naming the version we speak. */
    UNSUPPORTED_WEBSOCKET_VERSION(426, "unsupported websocket version: %s"),
    /** A request whose head (or a body the node reads) is not complete within {@code http.head_timeout}. */
    REQUEST_TIMEOUT(408, "request not complete within http.head_timeout"),
    POST_TOO_LARGE(413, "request body exceeds http.max_post"),
    HEAD_TOO_LARGE(431, "request head exceeds http.max_head"),
    BAD_GATEWAY(502, "proxy backend unreachable: %s"),
    SHUTTING_DOWN(503, "node is shutting down");

    private final int status;
    private final String template;

    HttpError(int status, String template) {
        this.status = status;
        this.template = template;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String template() {
        return template;
    }

    /** Thrown by request parsing; carries the error and its argument. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final HttpError error;
        private final transient Object arg;

        public Failure(HttpError error, Object arg) {
            super(error.message(arg), null, false, false);
            this.error = error;
            this.arg = arg;
        }

        /** The value the message names. */
        public Object arg() {
            return arg;
        }

        public HttpError error() {
            return error;
        }
    }
}
