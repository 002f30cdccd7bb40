package org.orbited.node.http;

/**
 * The one catalog of HTTP errors the node answers with (orbit-protocol.md 3.2). Every error is an
 * HTTP/1.1 response with a one-line {@code text/plain; charset=utf-8} body and {@code Connection: close}.
 */
public enum HttpError {
    MISSING_USER(400, "missing required parameter: user"),
    UNKNOWN_TRANSPORT(400, "unknown transport: %s"),
    BAD_PERCENT_ENCODING(400, "malformed request: bad percent-encoding in %s"),
    BAD_FIELD(400, "malformed request: %s"),
    BAD_CHANNEL(400, "malformed request: invalid channel name: %s"),
    TOO_MANY_CHANNELS(400, "malformed request: more than %s channels"),
    MALFORMED_REQUEST(400, "malformed request: %s"),
    /** A WebSocket upgrade Netty's handshaker rejects (for example no {@code Sec-WebSocket-Key}). */
    BAD_WEBSOCKET_HANDSHAKE(400, "malformed request: bad websocket handshake: %s"),
    NOT_FOUND(404, "not found: %s"),
    METHOD_NOT_ALLOWED(405, "method not allowed: %s"),
    /** RFC 6455 4.4: answered with {@code Sec-WebSocket-Version: 13} naming the version we speak. */
    UNSUPPORTED_WEBSOCKET_VERSION(426, "unsupported websocket version: %s"),
    POST_TOO_LARGE(413, "request body exceeds http.max_post"),
    HEAD_TOO_LARGE(431, "request head exceeds http.max_head"),
    BAD_GATEWAY(502, "proxy backend unreachable: %s"),
    SHUTTING_DOWN(503, "node is shutting down"),
    /** A Bayeux body that is not a Bayeux batch: the codec's problem, e.g. {@code MALFORMED_JSON}. */
    BAYEUX_MALFORMED(400, "malformed Bayeux request: %s"),
    /** A Bayeux POST with a form-encoded body (the spec's {@code message=} form; CometD answers 400 too). */
    BAYEUX_FORM_BODY(400, "malformed Bayeux request: bodies are JSON arrays, not form-encoded"),
    /** A Bayeux body, JSONP message or batch over {@code bayeux.max_message_size} / {@code max_messages_per_request}. */
    BAYEUX_TOO_LARGE(413, "Bayeux request exceeds %s"),
    /** A JSONP callback name outside the strict grammar; the value is never echoed. */
    BAYEUX_BAD_CALLBACK(400, "malformed Bayeux request: invalid JSONP callback name"),
    /** A JSONP request without its {@code message} parameter. */
    BAYEUX_MISSING_MESSAGE(400, "malformed Bayeux request: missing message parameter"),
    /** A request URI over the Bayeux endpoint's limit (JSONP requests carry their messages in it). */
    BAYEUX_URI_TOO_LONG(414, "request URI exceeds %s bytes"),
    /** A Bayeux transport the configuration does not serve ({@code bayeux.transports}). */
    BAYEUX_TRANSPORT_DISABLED(400, "Bayeux transport not enabled: %s"),
    /** A cross-origin WebSocket upgrade from an origin not in {@code bayeux.allowed_origins}. */
    ORIGIN_NOT_ALLOWED(403, "origin not allowed: %s");

    private final int status;
    private final String template;

    HttpError(int status, String template) {
        this.status = status;
        this.template = template;
    }

    public int status() {
        return status;
    }

    /** The body line, with {@code arg} filled in (control characters removed). */
    public String message(Object arg) {
        if (!template.contains("%s")) {
            return template;
        }
        String a = String.valueOf(arg).replaceAll("[\\p{Cntrl}]", "?");
        if (a.length() > 200) {
            a = a.substring(0, 200) + "...";
        }
        return String.format(template, a);
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
