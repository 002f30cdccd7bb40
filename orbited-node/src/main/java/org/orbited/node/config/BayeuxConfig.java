package org.orbited.node.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code [bayeux]} section: the Bayeux (CometD-compatible) endpoint. Knob names follow CometD's
 * (bayeux.md section 11) so settings carry over; times are milliseconds as in CometD.
 *
 * @param enabled                  serve the endpoint at all
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
 * @param trustClientSession       accept a clientId without its browser cookie
 * @param duplicateMetaConnectStatus HTTP status of a connect superseded by a newer one
 * @param broadcastToPublisher     the publisher receives its own publications
 * @param callbackParameter        JSONP callback query parameter
 * @param allowedOrigins           CORS / WebSocket origins: exact origins, or {@code *} for any; empty: same-origin only
 * @param readOnlyChannels         channels and patterns clients may not publish to
 * @param ackEnabled               offer the acknowledgement extension
 * @param timesyncEnabled          answer the timesync extension
 */
public record BayeuxConfig(boolean enabled, String path, List<String> transports, long timeoutMillis,
                           long intervalMillis, long maxIntervalMillis, int maxQueue, int maxMessageSize,
                           int maxMessagesPerRequest, int maxSubscriptions, int maxSessionsPerBrowser,
                           long multiSessionIntervalMillis, String browserCookieName, boolean browserCookieSecure,
                           String browserCookieSameSite, boolean trustClientSession, int duplicateMetaConnectStatus,
                           boolean broadcastToPublisher, String callbackParameter, List<String> allowedOrigins,
                           List<String> readOnlyChannels, boolean ackEnabled, boolean timesyncEnabled) {
    public static final List<String> ALL_TRANSPORTS = List.of("websocket", "long-polling", "callback-polling");

    public BayeuxConfig {
        Objects.requireNonNull(path, "path");
        transports = List.copyOf(transports);
        allowedOrigins = List.copyOf(allowedOrigins);
        readOnlyChannels = List.copyOf(readOnlyChannels);
        Objects.requireNonNull(browserCookieName, "browserCookieName");
        Objects.requireNonNull(browserCookieSameSite, "browserCookieSameSite");
        Objects.requireNonNull(callbackParameter, "callbackParameter");
    }

    public static BayeuxConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when {@code origin} may use the endpoint cross-origin. */
    public boolean allowsOrigin(String origin) {
        return origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    }

    /** Mutable builder; setters are named as the accessors. */
    public static final class Builder {
        private boolean enabled = true;
        private String path = "/cometd";
        private List<String> transports = ALL_TRANSPORTS;
        private long timeoutMillis = 30_000;
        private long intervalMillis = 0;
        private long maxIntervalMillis = 10_000;
        private int maxQueue = 10_000;
        private int maxMessageSize = 1 << 20;
        private int maxMessagesPerRequest = 1000;
        private int maxSubscriptions = 1000;
        private int maxSessionsPerBrowser = 1;
        private long multiSessionIntervalMillis = 2000;
        private String browserCookieName = "BAYEUX_BROWSER";
        private boolean browserCookieSecure = false;
        private String browserCookieSameSite = "";
        private boolean trustClientSession = false;
        private int duplicateMetaConnectStatus = 500;
        private boolean broadcastToPublisher = true;
        private String callbackParameter = "jsonp";
        private List<String> allowedOrigins = List.of();
        private List<String> readOnlyChannels = List.of();
        private boolean ackEnabled = true;
        private boolean timesyncEnabled = true;

        Builder() {
        }

        Builder(BayeuxConfig c) {
            enabled = c.enabled; path = c.path; transports = c.transports; timeoutMillis = c.timeoutMillis;
            intervalMillis = c.intervalMillis; maxIntervalMillis = c.maxIntervalMillis; maxQueue = c.maxQueue;
            maxMessageSize = c.maxMessageSize; maxMessagesPerRequest = c.maxMessagesPerRequest;
            maxSubscriptions = c.maxSubscriptions; maxSessionsPerBrowser = c.maxSessionsPerBrowser;
            multiSessionIntervalMillis = c.multiSessionIntervalMillis; browserCookieName = c.browserCookieName;
            browserCookieSecure = c.browserCookieSecure; browserCookieSameSite = c.browserCookieSameSite;
            trustClientSession = c.trustClientSession; duplicateMetaConnectStatus = c.duplicateMetaConnectStatus;
            broadcastToPublisher = c.broadcastToPublisher; callbackParameter = c.callbackParameter;
            allowedOrigins = c.allowedOrigins; readOnlyChannels = c.readOnlyChannels; ackEnabled = c.ackEnabled;
            timesyncEnabled = c.timesyncEnabled;
        }

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder path(String v) { path = v; return this; }
        public Builder transports(List<String> v) { transports = v; return this; }
        public Builder timeoutMillis(long v) { timeoutMillis = v; return this; }
        public Builder intervalMillis(long v) { intervalMillis = v; return this; }
        public Builder maxIntervalMillis(long v) { maxIntervalMillis = v; return this; }
        public Builder maxQueue(int v) { maxQueue = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder maxMessagesPerRequest(int v) { maxMessagesPerRequest = v; return this; }
        public Builder maxSubscriptions(int v) { maxSubscriptions = v; return this; }
        public Builder maxSessionsPerBrowser(int v) { maxSessionsPerBrowser = v; return this; }
        public Builder multiSessionIntervalMillis(long v) { multiSessionIntervalMillis = v; return this; }
        public Builder browserCookieName(String v) { browserCookieName = v; return this; }
        public Builder browserCookieSecure(boolean v) { browserCookieSecure = v; return this; }
        public Builder browserCookieSameSite(String v) { browserCookieSameSite = v; return this; }
        public Builder trustClientSession(boolean v) { trustClientSession = v; return this; }
        public Builder duplicateMetaConnectStatus(int v) { duplicateMetaConnectStatus = v; return this; }
        public Builder broadcastToPublisher(boolean v) { broadcastToPublisher = v; return this; }
        public Builder callbackParameter(String v) { callbackParameter = v; return this; }
        public Builder allowedOrigins(List<String> v) { allowedOrigins = v; return this; }
        public Builder readOnlyChannels(List<String> v) { readOnlyChannels = v; return this; }
        public Builder ackEnabled(boolean v) { ackEnabled = v; return this; }
        public Builder timesyncEnabled(boolean v) { timesyncEnabled = v; return this; }

        public BayeuxConfig build() {
            return new BayeuxConfig(enabled, path, transports, timeoutMillis, intervalMillis, maxIntervalMillis,
                    maxQueue, maxMessageSize, maxMessagesPerRequest, maxSubscriptions, maxSessionsPerBrowser,
                    multiSessionIntervalMillis, browserCookieName, browserCookieSecure, browserCookieSameSite,
                    trustClientSession, duplicateMetaConnectStatus, broadcastToPublisher, callbackParameter,
                    allowedOrigins, readOnlyChannels, ackEnabled, timesyncEnabled);
        }
    }
}
