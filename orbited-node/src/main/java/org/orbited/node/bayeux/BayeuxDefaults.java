package org.orbited.node.bayeux;

/**
 * Defaults of the Bayeux configuration knobs (reference section 11). The knobs keep CometD's names so settings
 * carry over; where our default differs from CometD's the constant says so. Limits of the request codec are in
 * {@link BayeuxCodec.Limits}.
 */
public final class BayeuxDefaults {

    /** {@code timeout}: how long a {@code /meta/connect} is held, ms. */
    public static final long TIMEOUT_MS = 30_000;
    /** {@code interval}: advised pause between connects, ms. */
    public static final long INTERVAL_MS = 0;
    /** {@code maxInterval}: a session without a connect for this long expires, ms. */
    public static final long MAX_INTERVAL_MS = 10_000;
    /** {@code sweepPeriod}: how often expiry is checked, ms. */
    public static final long SWEEP_PERIOD_MS = 997;
    /** {@code maxLazyTimeout}: lazy-channel delay, ms. */
    public static final long MAX_LAZY_TIMEOUT_MS = 5_000;
    /**
     * {@code metaConnectDeliverOnly}: deliver on connect replies only. Ours, and not a knob: HTTP transports
     * always do, to keep publication order across a client's two connections (docs/bayeux.md "Order"); WebSocket
     * frames share one socket and need no such rule. CometD: false.
     */
    public static final boolean META_CONNECT_DELIVER_ONLY = true;
    /** {@code maxQueue}: per-session queue bound; overflow expires the session. Ours; CometD: -1 (unbounded). */
    public static final int MAX_QUEUE = 10_000;
    /** {@code maxMessageSize}: HTTP body, JSONP message or WS frame, bytes. Ours; CometD: -1 (unbounded). */
    public static final int MAX_MESSAGE_SIZE = 1024 * 1024;
    /** {@code maxSessionsPerBrowser}: parked connects per browser before {@code multiple-clients}. */
    public static final int MAX_SESSIONS_PER_BROWSER = 1;
    /** {@code http2MaxSessionsPerBrowser}: the same over HTTP/2; -1 is no limit. */
    public static final int HTTP2_MAX_SESSIONS_PER_BROWSER = -1;
    /** {@code multiSessionInterval}: the {@code interval} advised in multiple-clients mode, ms. */
    public static final long MULTI_SESSION_INTERVAL_MS = 2_000;
    /** {@code browserCookieName}. */
    public static final String BROWSER_COOKIE_NAME = "BAYEUX_BROWSER";
    /** {@code browserCookiePath}. */
    public static final String BROWSER_COOKIE_PATH = "/";
    /** {@code browserCookieMaxAge}: -1 is a session cookie. */
    public static final int BROWSER_COOKIE_MAX_AGE = -1;
    /** {@code browserCookieHttpOnly}. */
    public static final boolean BROWSER_COOKIE_HTTP_ONLY = true;
    /** {@code browserCookieSecure}. */
    public static final boolean BROWSER_COOKIE_SECURE = false;
    /** {@code browserCookiePartitioned}. */
    public static final boolean BROWSER_COOKIE_PARTITIONED = false;
    /** {@code trustClientSession}: skip the cookie check (section 7). */
    public static final boolean TRUST_CLIENT_SESSION = false;
    /** {@code duplicateMetaConnectHttpResponseCode}: HTTP status for a superseded parked connect. */
    public static final int DUPLICATE_META_CONNECT_HTTP_RESPONSE_CODE = 500;
    /** {@code broadcastToPublisher}: the publisher gets its own copy. */
    public static final boolean BROADCAST_TO_PUBLISHER = true;
    /** {@code callbackParameter}: the JSONP query parameter. */
    public static final String CALLBACK_PARAMETER = "jsonp";
    /** {@code callbackParameterMaxLength}. */
    public static final int CALLBACK_PARAMETER_MAX_LENGTH = 64;
    /** The only protocol version we answer with (we accept any {@code 1.x}). */
    public static final String VERSION = "1.0";

    private BayeuxDefaults() {
    }
}
