package org.orbited.node.bayeux;

import java.util.List;
import java.util.Objects;

/**
 * What the Bayeux server and its transports need to know, taken from the daemon's {@code [bayeux]} section by
 * {@code OrbitedNode} (this package never reads the configuration file's types). Knob names and meanings are
 * CometD's (bayeux.md section 11); times are milliseconds.
 *
 * @param path                     mount path ({@code /cometd}); every path under it is the endpoint
 * @param transports               served connection types, in preference order
 * @param timeoutMillis            how long a {@code /meta/connect} is held
 * @param intervalMillis           advised pause between connects
 * @param maxIntervalMillis        a session with no connect for this long expires
 * @param maxQueue                 messages queued per session before it is ended as a slow consumer
 * @param maxMessageSize           bytes of one HTTP body, JSONP {@code message} or WebSocket frame
 * @param maxMessagesPerRequest    messages in one batch
 * @param maxSubscriptions         subscriptions one session may hold
 * @param maxSessionsPerBrowser    parked connects per browser before {@code multiple-clients}
 * @param multiSessionIntervalMillis {@code interval} advised in multiple-clients mode
 * @param browserCookieName        the browser cookie
 * @param browserCookieSecure      cookie attribute {@code Secure}
 * @param browserCookieSameSite    cookie attribute {@code SameSite}, or empty for none
 * @param trustClientSession       accept a clientId without its browser cookie on every transport
 * @param duplicateMetaConnectStatus HTTP status of a connect superseded by a newer one
 * @param broadcastToPublisher     the publisher receives its own publications
 * @param callbackParameter        JSONP callback query parameter
 * @param allowedOrigins           CORS / WebSocket origins: exact origins, or {@code *} for any; empty: same-origin only
 * @param readOnlyChannels         channels and patterns clients may not publish to
 * @param ackEnabled               offer the acknowledgement extension
 * @param timesyncEnabled          answer the timesync extension
 * @param sessionQueueBytes        the node's per-session byte limit; Bayeux sessions get at least 16 messages' worth
 */
public record BayeuxSettings(String path, List<String> transports, long timeoutMillis, long intervalMillis,
                             long maxIntervalMillis, int maxQueue, int maxMessageSize, int maxMessagesPerRequest,
                             int maxSubscriptions, int maxSessionsPerBrowser, long multiSessionIntervalMillis,
                             String browserCookieName, boolean browserCookieSecure, String browserCookieSameSite,
                             boolean trustClientSession, int duplicateMetaConnectStatus, boolean broadcastToPublisher,
                             String callbackParameter, List<String> allowedOrigins, List<String> readOnlyChannels,
                             boolean ackEnabled, boolean timesyncEnabled, long sessionQueueBytes) {
    /** Every transport the server can serve, in its preference order. */
    public static final List<String> ALL_TRANSPORTS = List.of("websocket", "long-polling", "callback-polling");

    public BayeuxSettings {
        Objects.requireNonNull(path, "path");
        transports = List.copyOf(transports);
        allowedOrigins = List.copyOf(allowedOrigins);
        readOnlyChannels = List.copyOf(readOnlyChannels);
        Objects.requireNonNull(browserCookieName, "browserCookieName");
        Objects.requireNonNull(browserCookieSameSite, "browserCookieSameSite");
        Objects.requireNonNull(callbackParameter, "callbackParameter");
    }

    /** The defaults of {@link BayeuxDefaults}, every transport, a 1 MiB session byte limit: for tests and tools. */
    public static BayeuxSettings defaults() {
        return new BayeuxSettings("/cometd", ALL_TRANSPORTS, BayeuxDefaults.TIMEOUT_MS, BayeuxDefaults.INTERVAL_MS,
                BayeuxDefaults.MAX_INTERVAL_MS, BayeuxDefaults.MAX_QUEUE, BayeuxDefaults.MAX_MESSAGE_SIZE, 1000, 1000,
                BayeuxDefaults.MAX_SESSIONS_PER_BROWSER, BayeuxDefaults.MULTI_SESSION_INTERVAL_MS,
                BayeuxDefaults.BROWSER_COOKIE_NAME, BayeuxDefaults.BROWSER_COOKIE_SECURE, "",
                BayeuxDefaults.TRUST_CLIENT_SESSION, BayeuxDefaults.DUPLICATE_META_CONNECT_HTTP_RESPONSE_CODE,
                BayeuxDefaults.BROADCAST_TO_PUBLISHER, BayeuxDefaults.CALLBACK_PARAMETER, List.of(), List.of(),
                true, true, 1 << 20);
    }

    /** True when {@code origin} may use the endpoint cross-origin. */
    public boolean allowsOrigin(String origin) {
        return origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    }

    /** The byte limit of one Bayeux session's queue. */
    long sessionBytes() {
        return Math.max(sessionQueueBytes, 16L * maxMessageSize);
    }
}
