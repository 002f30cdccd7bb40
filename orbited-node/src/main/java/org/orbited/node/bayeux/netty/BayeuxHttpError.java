package org.orbited.node.bayeux.netty;

import org.orbited.node.http.shared.PlainTextError;

/**
 * The catalog of HTTP errors the Bayeux endpoint answers with: requests on the mount that are not a Bayeux batch
 * (errors.md, "Bayeux endpoint"). A valid batch is always answered {@code 200} with Bayeux replies, whatever its
 * messages contain; those carry {@code bayeux.BayeuxError} strings instead.
 *
 * <p>Same response form as the comet endpoints' {@code HttpError} ({@code text/plain; charset=utf-8}, one line,
 * {@code Connection: close}); the entries both endpoints answer with have the same name, status and text in both
 * catalogs.
 */
public enum BayeuxHttpError implements PlainTextError {
    /** A body or JSONP message that is not a Bayeux batch: the codec's problem, e.g. {@code MALFORMED_JSON}. */
    BAYEUX_MALFORMED(400, "malformed Bayeux request: %s"),
    /** A POST with a form-encoded body (the spec's {@code message=} form; CometD answers 400 too). */
    BAYEUX_FORM_BODY(400, "malformed Bayeux request: bodies are JSON arrays, not form-encoded"),
    /** A JSONP callback name outside the strict grammar; the value is never echoed. */
    BAYEUX_BAD_CALLBACK(400, "malformed Bayeux request: invalid JSONP callback name"),
    /** A JSONP request without its {@code message} parameter. */
    BAYEUX_MISSING_MESSAGE(400, "malformed Bayeux request: missing message parameter"),
    /** A transport the configuration does not serve ({@code bayeux.transports}). */
    BAYEUX_TRANSPORT_DISABLED(400, "Bayeux transport not enabled: %s"),
    /** A cross-origin WebSocket upgrade from an origin not in {@code bayeux.allowed_origins}. */
    ORIGIN_NOT_ALLOWED(403, "origin not allowed: %s"),
    /** A body, JSONP message or batch over {@code bayeux.max_message_size} / {@code max_messages_per_request}. */
    BAYEUX_TOO_LARGE(413, "Bayeux request exceeds %s"),
    /** A request URI over the endpoint's limit (JSONP requests carry their messages in it). */
    BAYEUX_URI_TOO_LONG(414, "request URI exceeds %s bytes"),
    /** A JSONP query that is not valid percent-encoded UTF-8. */
    BAD_PERCENT_ENCODING(400, "malformed request: bad percent-encoding in %s"),
    /** A request passed on while the previous one is unanswered (the pipelining handler prevents it). */
    MALFORMED_REQUEST(400, "malformed request: %s"),
    /** A WebSocket upgrade Netty's handshaker rejects (for example no {@code Sec-WebSocket-Key}). */
    BAD_WEBSOCKET_HANDSHAKE(400, "malformed request: bad websocket handshake: %s"),
    /** Anything but GET, POST and OPTIONS. */
    METHOD_NOT_ALLOWED(405, "method not allowed: %s"),
    /** RFC 6455 4.4: answered with {@code Sec-WebSocket-Version: 13} naming the version we speak. */
    UNSUPPORTED_WEBSOCKET_VERSION(426, "unsupported websocket version: %s");

    private final int status;
    private final String template;

    BayeuxHttpError(int status, String template) {
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
}
