package org.orbited.node.orbit;

/**
 * The one catalog of {@code msg:} texts the Orbit port sends (orbit-protocol.md §2.2).
 *
 * <p>Every text is fixed and never contains {@code ": "}, because the Python clients split reply
 * lines on it. {@link #closesConnection()} tells whether the byte stream can no longer be
 * resynchronised, so the connection is closed after the reply has been flushed.
 *
 * <p>All constants except {@link #RECIPIENTS_FAILED} and {@link #INTERNAL_ERROR} describe a rejected request
 * and are produced by {@link OrbitRequestParser} ({@link #REQUEST_TIMEOUT} when
 * {@link OrbitRequestTimeoutHandler} abandons a request, {@link #NOT_ADDRESSED_NODE} from
 * {@link AddressedNodeCheck}); {@code RECIPIENTS_FAILED} is the message of a delivery
 * {@code Failure} built by {@link OrbitReplies#failure}.
 */
public enum OrbitErrorCode {
    /** The request has no {@code recipient} header. */
    NO_RECIPIENTS("no recipients", false),
    /** A header line has no {@code :}, or {@code id} was repeated with a different value. */
    MALFORMED_HEADER_LINE("malformed header line", false),
    /** {@code length} is larger than {@code op.max_body}; the body was read and discarded. */
    BODY_TOO_LARGE("body exceeds op.max_body", false),
    /** No (non-empty) {@code id} header but a valid {@code length}; sent as an {@code Error} reply. */
    MISSING_ID("missing id header", false),
    /** {@code length} is missing, not a decimal, negative or repeated with a different value. */
    INVALID_LENGTH("missing or invalid length header", true),
    /** A line is longer than {@code op.max_line} bytes, not counting its line end. */
    LINE_TOO_LONG("line exceeds op.max_line", true),
    /** A request has more than {@code op.max_headers} header lines. */
    TOO_MANY_HEADERS("too many headers", true),
    /** The lines of a request's head add up to more than {@code op.max_head} bytes, line ends not counted. */
    HEAD_TOO_LARGE("request head exceeds op.max_head", true),
    /**
     * Line 1 or line 2 of the request is an {@code id}, {@code length} or {@code recipient} header: the client
     * left out {@code Orbit 1.0} (and perhaps {@code Event}). The head is still read, so the reply carries the id.
     */
    MISSING_VERSION_LINE("missing version line (a request starts with Orbit 1.0 then Event)", false),
    /**
     * The node-wide {@code op.max_pending_bytes} was used up while this request's recipients or body were
     * arriving; the rest was read and discarded. Retry later.
     */
    PENDING_BYTES_EXHAUSTED("node busy, op.max_pending_bytes reached", false),
    /** The request's bytes did not all arrive within {@code op.request_timeout} of its first byte. */
    REQUEST_TIMEOUT("request incomplete after op.request_timeout", true),
    /**
     * The request's {@code node} header (the HaloD cluster extension, docs/protocol.md "Addressed node") names
     * another node than this one, or this node joined a gateway but has no id yet: nothing was delivered. A cluster
     * client refreshes the gateway's table and sends again through the named node's current route. Produced by
     * {@link AddressedNodeCheck}, never by the parser.
     */
    NOT_ADDRESSED_NODE("request addressed to another node", false),
    /** The node failed while handling a well-formed request (a bug); logged with the request id. */
    INTERNAL_ERROR("internal error", false),
    /** Delivery failure: at least one recipient was not reached (never produced by the parser). */
    RECIPIENTS_FAILED("Failed to reach one or more recipients", false);

    private final String message;
    private final boolean closesConnection;

    OrbitErrorCode(String message, boolean closesConnection) {
        this.message = message;
        this.closesConnection = closesConnection;
    }

    /** The exact {@code msg:} text, ASCII. */
    public String message() {
        return message;
    }

    /** Whether the connection must be closed once the reply carrying this code is flushed. */
    public boolean closesConnection() {
        return closesConnection;
    }
}
