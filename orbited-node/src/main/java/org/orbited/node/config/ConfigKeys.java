package org.orbited.node.config;

import static org.orbited.node.config.ConfigKey.Origin.NEW;
import static org.orbited.node.config.ConfigKey.Origin.V0_1;
import static org.orbited.node.config.ConfigKey.Origin.V0_2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table of configuration keys (orbit-protocol.md 9.1). Adding a key here makes the loader accept
 * it and the generated {@code docs/configuration.md} list it. The {@code [proxy]} and
 * {@code [plugin:NAME]} sections have free-form keys and are handled by {@link ConfigLoader} directly.
 */
public final class ConfigKeys {
    public static final String GLOBAL = "global";
    public static final String TRANSPORT = "transport";
    public static final String LOG = "log";
    public static final String ADMIN = "admin";
    /** The Bayeux (CometD-compatible) endpoint; times in milliseconds, as CometD's knobs. */
    public static final String BAYEUX = "bayeux";
    /** Who a Bayeux client is: signed tokens; without the section every client is anonymous. */
    public static final String AUTH = "auth";
    /** The node behind a HaloD gateway: its name, the PROXY v2 sources and the route-port layout. */
    public static final String CLUSTER = "cluster";
    /** The WebIRC live-help widget's files (docs/webirc.md); the help desk itself is {@code [plugin:helpdesk]}. */
    public static final String WEBIRC = "webirc";
    public static final String PROXY = ConfigFile.PROXY_SECTION;
    /**
     * Plugin sections that are active unless they say {@code active = 0}, present even when the file has none: the
     * help desk of the WebIRC widget's local mode (docs/webirc.md), so the built-in defaults give a working live-help
     * demo. Its class is on the node's class path (orbited-webirc).
     */
    public static final java.util.Set<String> PLUGINS_ON_BY_DEFAULT = java.util.Set.of("helpdesk");
    /** Prefix of plugin sections, {@code [plugin:NAME]}. */
    public static final String PLUGIN_PREFIX = "plugin:";

    /** Every key, in the order the reference lists them. */
    public static final List<ConfigKey> ALL = List.of(
            // [global]: listeners
            key(GLOBAL, "op.port", "9000", V0_2, "Orbit protocol port (applications push here); wins over orbit.port",
                    (b, v) -> b.opPort(ConfigValues.port(v))),
            key(GLOBAL, "orbit.port", "9000", V0_1, "0.1 name of op.port; used only if op.port is not set",
                    (b, v) -> b.opPort(ConfigValues.port(v))),
            key(GLOBAL, "op.bind", "127.0.0.1", NEW, "Orbit listener address",
                    (b, v) -> b.opBind(ConfigValues.nonEmpty(v))),
            key(GLOBAL, "http.port", "8000", V0_1, "HTTP port (browsers connect here)",
                    (b, v) -> b.httpPort(ConfigValues.port(v))),
            key(GLOBAL, "http.bind", "0.0.0.0", NEW, "HTTP listener address",
                    (b, v) -> b.httpBind(ConfigValues.nonEmpty(v))),
            key(GLOBAL, "http.max_head", "16384", NEW, "maximum HTTP request head in bytes (431 beyond)",
                    (b, v) -> b.httpMaxHead(ConfigValues.positiveInt(v))),
            key(GLOBAL, "http.max_post", "65536", NEW, "maximum HTTP POST body in bytes (413 beyond)",
                    (b, v) -> b.httpMaxPost(ConfigValues.positiveInt(v))),
            key(GLOBAL, "http.idle_timeout", "60", NEW,
                    "seconds without a byte after which an HTTP connection is closed, unless the node is still "
                            + "producing its answer; comet streams and WebSockets are exempt; 0 disables",
                    (b, v) -> b.httpIdleTimeout(ConfigValues.seconds(v))),
            key(GLOBAL, "http.head_timeout", "10", NEW,
                    "seconds from the first bytes of a request until its head, and a body the node reads (comet and "
                            + "Bayeux POSTs, not a proxied upload), must be complete (408 beyond); 0 disables",
                    (b, v) -> b.httpHeadTimeout(ConfigValues.seconds(v))),
            key(GLOBAL, "http.max_pipelined", "16", NEW,
                    "requests one HTTP connection may send ahead of an unanswered one; the connection is closed "
                            + "beyond (responses go out one at a time, in order)",
                    (b, v) -> b.httpMaxPipelined(ConfigValues.positiveInt(v))),
            key(GLOBAL, "io.threads", "0", NEW,
                    "I/O event-loop threads for both ports; 0: two per available core (set 1 when the node is pinned "
                            + "to one core)",
                    (b, v) -> b.ioThreads(ConfigValues.nonNegativeInt(v))),
            key(GLOBAL, "io.transport", "auto", NEW,
                    "Netty I/O transport for both ports: auto (epoll when available, else nio), epoll, io_uring or "
                            + "nio; an explicit choice this machine cannot run stops the start with Netty's reason "
                            + "(docs/operations.md)",
                    (b, v) -> b.ioTransport(ConfigValues.ioTransport(v))),
            key(GLOBAL, "io.task_quantum_ms", "0", NEW,
                    "milliseconds an event loop may run queued tasks (the writes of a fan-out) before it reads its "
                            + "sockets again; 0: Netty's default (1 s). A small value (1) reads publishers while a "
                            + "large fan-out is written (docs/benchmarks.md: measured, not a default yet)",
                    (b, v) -> b.ioTaskQuantumMillis(ConfigValues.nonNegativeInt(v))),
            key(GLOBAL, "http.cors_origins", "", NEW,
                    "origins allowed by CORS on modern transports, comma- or space-separated",
                    (b, v) -> b.corsOrigins(ConfigValues.spaceOrCommaList(v))),
            // [global]: proxy
            new ConfigKey(GLOBAL, "proxy.enabled", "1", "0", V0_1, "enables the [proxy] rules",
                    (b, v) -> b.proxyEnabled(ConfigValues.bool(v)), false),
            new ConfigKey(GLOBAL, "proxy.keepalive", "1", "0", V0_1, "reuses backend connections",
                    (b, v) -> b.proxyKeepalive(ConfigValues.bool(v)), false),
            key(GLOBAL, "proxy.keepalive_default_timeout", "300", V0_1, "idle limit of a kept-alive backend connection, seconds",
                    (b, v) -> b.proxyKeepaliveTimeout(ConfigValues.seconds(v))),
            // [global]: logging, admin
            key(GLOBAL, "log.enabled", "1", V0_1, "enables logging",
                    (b, v) -> b.logEnabled(ConfigValues.bool(v))),
            new ConfigKey(GLOBAL, "admin.enabled", "0", null, V0_1,
                    "parsed and ignored with a warning (the original admin interface was a stub)",
                    (b, v) -> ConfigValues.bool(v), true),
            new ConfigKey(ADMIN, "admin.port", "9001", null, V0_1,
                    "parsed and ignored with a warning (the original admin interface was a stub)",
                    (b, v) -> ConfigValues.port(v), true),
            // [global]: sessions and events
            key(GLOBAL, "session.default_key", "0", V0_2, "session used when a browser gives none",
                    (b, v) -> b.sessionDefaultKey(ConfigValues.nonEmpty(v))),
            key(GLOBAL, "session.timeout", "5", V0_2, "grace period before a disconnected session is dropped, seconds",
                    (b, v) -> b.sessionTimeout(ConfigValues.seconds(v))),
            key(GLOBAL, "session.resume_timeout", "30", NEW,
                    "grace period before a session whose last connection was resumable (sse, websocket, long_poll) "
                            + "is dropped, seconds; session.timeout applies after legacy transports",
                    (b, v) -> b.sessionResumeTimeout(ConfigValues.seconds(v))),
            key(GLOBAL, "event.retry_limit", "1", V0_2, "delivery retries of an event",
                    (b, v) -> b.eventRetryLimit(ConfigValues.nonNegativeInt(v))),
            key(GLOBAL, "event.deadline", "30", NEW, "per-request delivery deadline, seconds",
                    (b, v) -> b.eventDeadline(ConfigValues.seconds(v))),
            key(GLOBAL, "session.queue_limit", "1000", NEW, "maximum events per session waiting for a connection to take them (grace period, between polls)",
                    (b, v) -> b.sessionQueueLimit(ConfigValues.positiveInt(v))),
            key(GLOBAL, "session.queue_bytes", "4194304", NEW, "maximum bytes per session not yet written, waiting or in flight (each event counts 64 bytes more)",
                    (b, v) -> b.sessionQueueBytes(ConfigValues.positiveLong(v))),
            key(GLOBAL, "session.replay_limit", "256", NEW, "replay ring size (events kept for resumption)",
                    (b, v) -> b.sessionReplayLimit(ConfigValues.nonNegativeInt(v))),
            // [global]: Orbit protocol limits, shutdown
            key(GLOBAL, "op.max_line", "65536", NEW, "maximum Orbit line length in bytes",
                    (b, v) -> b.opMaxLine(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_headers", "10000", NEW, "maximum Orbit header lines per request",
                    (b, v) -> b.opMaxHeaders(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_body", "1048576", NEW, "maximum Orbit body length in bytes",
                    (b, v) -> b.opMaxBody(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_head", "1048576", NEW,
                    "maximum bytes of one Orbit request's head (version, action and header lines, line ends not counted)",
                    (b, v) -> b.opMaxHead(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_reply_backlog", "16777216", NEW, "unwritten reply bytes that pause reading an Orbit connection",
                    (b, v) -> b.opMaxReplyBacklog(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_in_flight", "10000", NEW,
                    "Orbit requests one connection may have unanswered before the node stops reading it",
                    (b, v) -> b.opMaxInFlight(ConfigValues.positiveInt(v))),
            key(GLOBAL, "op.max_in_flight_bytes", "16777216", NEW,
                    "body and recipient bytes of those requests before the node stops reading the connection",
                    (b, v) -> b.opMaxInFlightBytes(ConfigValues.positiveLong(v))),
            key(GLOBAL, "op.request_timeout", "30", NEW,
                    "seconds from an Orbit request's first byte to its last before it fails and the connection "
                            + "closes; a connection idle between requests is never closed",
                    (b, v) -> b.opRequestTimeout(java.time.Duration.ofSeconds(ConfigValues.positiveLong(v)))),
            key(GLOBAL, "op.max_pending_bytes", "67108864", NEW,
                    "node-wide bytes held for Orbit requests still arriving (recipients, bodies); a request that "
                            + "finds it used up fails",
                    (b, v) -> b.opMaxPendingBytes(ConfigValues.positiveLong(v))),
            key(GLOBAL, "shutdown.drain", "5", NEW, "shutdown drain time, seconds",
                    (b, v) -> b.shutdownDrain(ConfigValues.seconds(v))),
            // [global]: plugins
            key(GLOBAL, "plugin.dir", "plugins", NEW,
                    "directory of plugin jars, each loaded in its own class loader; relative to the configuration "
                            + "file's directory (the working directory without a file); need not exist",
                    (b, v) -> b.pluginDir(java.nio.file.Path.of(ConfigValues.nonEmpty(v)).toString())),
            // [transport]
            key(TRANSPORT, "default", "stream", V0_2, "transport used when a query-form URL names none",
                    (b, v) -> b.defaultTransport(ConfigValues.transportName(v))),
            key(TRANSPORT, "xhr.timeout", "30", V0_2, "hold time of xhr and xhr_buffered responses, seconds (unused in 0.2/0.3)",
                    (b, v) -> b.xhrTimeout(ConfigValues.seconds(v))),
            key(TRANSPORT, "xhr_multipart.boundary", "orbited--", V0_2, "multipart boundary of xhr_multipart",
                    (b, v) -> b.xhrMultipartBoundary(ConfigValues.nonEmpty(v))),
            key(TRANSPORT, "ping_interval", "60", NEW, "ping interval of legacy transports, seconds",
                    (b, v) -> b.pingInterval(ConfigValues.seconds(v))),
            key(TRANSPORT, "modern_ping_interval", "25", NEW, "ping interval of modern transports, seconds",
                    (b, v) -> b.modernPingInterval(ConfigValues.seconds(v))),
            key(TRANSPORT, "stream_max_bytes", "1048576", NEW,
                    "bytes after which a legacy stream without a declared length (xhr_stream, xhr_multipart, "
                            + "server_sent_events) is recycled",
                    (b, v) -> b.streamMaxBytes(ConfigValues.positiveLong(v))),
            key(TRANSPORT, "modern_stream_max_bytes", "0", NEW,
                    "bytes after which an sse stream or a websocket is recycled; 0: never",
                    (b, v) -> b.modernStreamMaxBytes(ConfigValues.nonNegativeLong(v))),
            key(TRANSPORT, "sse.retry", "2000", NEW, "SSE retry: value, milliseconds",
                    (b, v) -> b.sseRetryMillis(ConfigValues.nonNegativeInt(v))),
            key(TRANSPORT, "long_poll.timeout", "30", NEW, "long-poll hold time, seconds",
                    (b, v) -> b.longPollTimeout(ConfigValues.seconds(v))),
            key(TRANSPORT, "long_poll.max_batch", "100", NEW, "maximum events per long-poll response",
                    (b, v) -> b.longPollMaxBatch(ConfigValues.positiveInt(v))),
            key(TRANSPORT, "iframe_alert", "0", NEW, "enables the iframe_alert transport",
                    (b, v) -> b.iframeAlert(ConfigValues.bool(v))),
            key(TRANSPORT, "origin_agent_cluster", "1", NEW,
                    "sends Origin-Agent-Cluster: ?0 on iframe_domain, 0.2 iframe and htmlfile heads",
                    (b, v) -> b.originAgentCluster(ConfigValues.bool(v))),
            // [log]
            key(LOG, "log.access", "screen", V0_1, "ACCESS log destinations: screen and/or file paths, comma list",
                    (b, v) -> b.accessLog(ConfigValues.logDestinations(v))),
            key(LOG, "log.error", "screen", V0_1, "ERROR log destinations: screen and/or file paths, comma list",
                    (b, v) -> b.errorLog(ConfigValues.logDestinations(v))),
            key(LOG, "log.event", "screen", V0_1, "EVENT log destinations: screen and/or file paths, comma list",
                    (b, v) -> b.eventLog(ConfigValues.logDestinations(v))),
            key(LOG, "type", "basic", V0_2, "log format; basic is the only type",
                    (b, v) -> logType(v)),
            key(LOG, "level", "INFO", V0_2, "minimum level: TRACE, DEBUG, INFO, WARN (WARNING), ERROR (CRITICAL)",
                    (b, v) -> b.logLevel(ConfigValues.logLevel(v))),
            // [bayeux]: CometD's knobs in snake_case (bayeux.md section 11); times in milliseconds
            bayeux("enabled", "1", "serves the Bayeux endpoint",
                    (b, v) -> b.enabled(ConfigValues.bool(v))),
            bayeux("path", "/cometd", "mount path; every path under it is the endpoint (starts with /, no trailing /)",
                    (b, v) -> b.path(ConfigValues.urlPath(v))),
            bayeux("transports", String.join(", ", BayeuxConfig.ALL_TRANSPORTS),
                    "connection types served, in preference order: websocket, long-polling, callback-polling",
                    (b, v) -> b.transports(ConfigValues.namesFrom(v, BayeuxConfig.ALL_TRANSPORTS, "transport"))),
            bayeux("timeout", "30000", "how long a /meta/connect is held, milliseconds (CometD timeout)",
                    (b, v) -> b.timeoutMillis(ConfigValues.nonNegativeLong(v))),
            bayeux("interval", "0", "advised pause between connects, milliseconds",
                    (b, v) -> b.intervalMillis(ConfigValues.nonNegativeLong(v))),
            bayeux("max_interval", "10000", "a session with no connect for this long expires, milliseconds",
                    (b, v) -> b.maxIntervalMillis(ConfigValues.positiveLong(v))),
            bayeux("max_queue", "10000", "messages queued per session before it is ended as a slow consumer",
                    (b, v) -> b.maxQueue(ConfigValues.positiveInt(v))),
            bayeux("max_message_size", "1048576",
                    "bytes of one HTTP body, JSONP message parameter or WebSocket frame (413 / close 1009 beyond)",
                    (b, v) -> b.maxMessageSize(ConfigValues.positiveInt(v))),
            bayeux("max_messages_per_request", "1000", "messages in one batch",
                    (b, v) -> b.maxMessagesPerRequest(ConfigValues.positiveInt(v))),
            bayeux("max_subscriptions", "1000", "subscriptions one session may hold",
                    (b, v) -> b.maxSubscriptions(ConfigValues.positiveInt(v))),
            bayeux("max_sessions_per_browser", "1",
                    "parked connects per browser before multiple-clients advice; -1: unlimited",
                    (b, v) -> b.maxSessionsPerBrowser(
                            ConfigValues.intInRange(v, -1, Integer.MAX_VALUE, "-1 for unlimited, or 0 and up"))),
            bayeux("multi_session_interval", "2000", "interval advised in multiple-clients mode, milliseconds",
                    (b, v) -> b.multiSessionIntervalMillis(ConfigValues.nonNegativeLong(v))),
            bayeux("browser_cookie_name", "BAYEUX_BROWSER", "name of the browser cookie that ties sessions to a browser",
                    (b, v) -> b.browserCookieName(ConfigValues.cookieName(v))),
            bayeux("browser_cookie_secure", "0", "sets Secure on the browser cookie",
                    (b, v) -> b.browserCookieSecure(ConfigValues.bool(v))),
            bayeux("browser_cookie_same_site", "", "SameSite of the browser cookie: empty (not sent), Strict, Lax or None "
                            + "(None needs browser_cookie_secure = 1 in browsers)",
                    (b, v) -> b.browserCookieSameSite(ConfigValues.sameSite(v))),
            bayeux("trust_client_session", "0", "accepts a clientId without its browser cookie",
                    (b, v) -> b.trustClientSession(ConfigValues.bool(v))),
            bayeux("duplicate_meta_connect_http_response_code", "500",
                    "HTTP status of a connect superseded by a newer one of the same session (400-599)",
                    (b, v) -> b.duplicateMetaConnectStatus(ConfigValues.intInRange(v, 400, 599, "400-599"))),
            bayeux("broadcast_to_publisher", "1", "a publisher receives its own publications",
                    (b, v) -> b.broadcastToPublisher(ConfigValues.bool(v))),
            bayeux("callback_parameter", "jsonp", "JSONP (callback-polling) callback query parameter",
                    (b, v) -> b.callbackParameter(ConfigValues.queryParameter(v))),
            bayeux("allowed_origins", "",
                    "cross-origin and WebSocket origins allowed: * or scheme://host[:port], comma- or space-separated; "
                            + "empty: same origin only",
                    (b, v) -> b.allowedOrigins(ConfigValues.origins(v))),
            bayeux("read_only", "", "channels and patterns (/a/*, /a/**) clients may not publish to, comma- or space-separated",
                    (b, v) -> b.readOnlyChannels(ConfigValues.channels(v))),
            bayeux("ack", "1", "offers the acknowledgement extension (ext.ack)",
                    (b, v) -> b.ackEnabled(ConfigValues.bool(v))),
            bayeux("timesync", "1", "answers the timesync extension (ext.timesync)",
                    (b, v) -> b.timesyncEnabled(ConfigValues.bool(v))),
            // [auth]: signed tokens (JWT) in the handshake's ext.auth.token, a Bearer header or a cookie
            key(AUTH, "algorithm", "", NEW,
                    "HS256 or RS256: handshakes must carry a token signed so (ext.auth.token); empty: every client "
                            + "is anonymous",
                    (b, v) -> b.auth(a -> a.withAlgorithm(ConfigValues.authAlgorithm(v, AuthConfig.ALGORITHMS)))),
            key(AUTH, "key_file", "", NEW,
                    "file holding the key: the HS256 secret (at least 32 bytes) or the RS256 public key (PEM or JWK); "
                            + "relative to the configuration file's directory; a missing file stops the node",
                    (b, v) -> b.auth(a -> a.withKeyFile(v.isBlank() ? null : java.nio.file.Path.of(v.trim())))),
            key(AUTH, "key_env", "", NEW, "environment variable holding the key, instead of key_file",
                    (b, v) -> b.auth(a -> a.withKeyEnv(v.trim()))),
            key(AUTH, "clock_skew", "60", NEW, "seconds exp and nbf may be off (at most 86400)",
                    (b, v) -> b.auth(a -> a.withClockSkewSeconds(ConfigValues.atMost(v, 86_400)))),
            key(AUTH, "anonymous", "0", NEW, "a handshake without a token is anonymous instead of refused",
                    (b, v) -> b.auth(a -> a.withAllowAnonymous(ConfigValues.bool(v)))),
            key(AUTH, "attributes", "", NEW,
                    "claims copied into the client's identity attributes (at most 32), comma- or space-separated",
                    (b, v) -> b.auth(a -> a.withAttributes(ConfigValues.spaceOrCommaList(v)))),
            key(AUTH, "cookie", "", NEW,
                    "cookie a token may travel in when the handshake has none in ext.auth.token nor an Authorization: "
                            + "Bearer header; empty: none",
                    (b, v) -> b.auth(a -> a.withCookie(v.isBlank() ? "" : ConfigValues.cookieName(v)))),
            key(AUTH, "issuer", "", NEW, "iss every token must carry; empty: not checked",
                    (b, v) -> b.auth(a -> a.withIssuer(v.trim()))),
            key(AUTH, "audience", "", NEW, "a value every token's aud must contain; empty: not checked",
                    (b, v) -> b.auth(a -> a.withAudience(v.trim()))),
            // [cluster]: behind a HaloD gateway (docs/cluster-node.md)
            key(CLUSTER, "node_name", "", NEW, "this node's name in the cluster; empty: the host name",
                    (b, v) -> b.cluster(c -> c.withNodeName(v.trim()))),
            key(CLUSTER, "proxy_from", "", NEW,
                    "addresses or CIDR blocks (the gateway's) whose connections must start with a PROXY protocol v2 "
                            + "header, comma- or space-separated; empty: no PROXY header is accepted anywhere",
                    (b, v) -> b.cluster(c -> c.withProxyFrom(ConfigValues.addressRanges(v)))),
            key(CLUSTER, "browser_base", "24000", NEW,
                    "the gateway's first browser route port: route = PROXY destination port - browser_base + 1 on "
                            + "the HTTP port",
                    (b, v) -> b.cluster(c -> c.withBrowserBase(ConfigValues.port(v)))),
            key(CLUSTER, "app_base", "25000", NEW,
                    "the gateway's first app route port: route = PROXY destination port - app_base + 1 on the Orbit "
                            + "port",
                    (b, v) -> b.cluster(c -> c.withAppBase(ConfigValues.port(v)))),
            key(CLUSTER, "routes", "24", NEW, "N, the number of routes (1 to 4096); the gateway's REGISTERED wins",
                    (b, v) -> b.cluster(c -> c.withRoutes(ConfigValues.routeCount(v)))),
            key(CLUSTER, "move_drain", "1000", NEW,
                    "milliseconds a route move waits for in-flight deliveries before failing the rest (move.drainMs)",
                    (b, v) -> b.cluster(c -> c.withMoveDrainMillis(ConfigValues.nonNegativeLong(v)))),
            key(CLUSTER, "proxy_header_timeout", "3000", NEW,
                    "milliseconds a connection from proxy_from may take to send its whole PROXY header",
                    (b, v) -> b.cluster(c -> c.withProxyHeaderTimeoutMillis(ConfigValues.positiveLong(v)))),
            key(CLUSTER, "halod", "", NEW,
                    "the HaloD gateways' control addresses host:port, in order (the first that answers is used), "
                            + "comma- or space-separated; empty: no gateway, the node stands alone",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withGateways(ConfigValues.gatewayAddresses(v))))),
            key(CLUSTER, "token", "", NEW,
                    "the gateway's REGISTER token; with halod exactly one of token, token_file and token_env is set",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withToken(v.trim())))),
            key(CLUSTER, "token_file", "", NEW,
                    "file holding the token (relative to the configuration file's directory), read at start",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withTokenFile(v.isBlank() ? null
                            : java.nio.file.Path.of(v.trim()))))),
            key(CLUSTER, "token_env", "", NEW, "environment variable holding the token, read at start",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withTokenEnv(v.trim())))),
            key(CLUSTER, "advertise_host", "", NEW,
                    "the host the gateway connects to for this node's HTTP and Orbit listeners; empty: each "
                            + "listener's bind address (127.0.0.1 for 0.0.0.0, ::1 for ::)",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withAdvertiseHost(v.trim())))),
            key(CLUSTER, "capacity", "0", NEW, "connections this node can take, told the gateway (informational)",
                    (b, v) -> b.cluster(c -> c.withGateway(g -> g.withCapacity(ConfigValues.nonNegativeLong(v))))),
            // [webirc]: the live-help widget's files (docs/webirc.md)
            key(WEBIRC, "enabled", "1", NEW,
                    "serves the WebIRC widget, the help-desk page and the demo site under path; 0: not served (the "
                            + "help desk is [plugin:helpdesk], on by default)",
                    (b, v) -> b.webircEnabled(ConfigValues.bool(v))),
            key(WEBIRC, "path", "/webirc", NEW,
                    "where they are served: /webirc/widget.js, /webirc/helper.html, /webirc/ (the demo site); one "
                            + "or more path segments of letters, digits, - and _, no trailing /",
                    (b, v) -> b.webircPath(ConfigValues.webircPath(v))));

    private ConfigKeys() {
    }

    /** The key {@code name} of {@code section}, matched case-insensitively as ConfigParser did. */
    public static Optional<ConfigKey> find(String section, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(k -> k.section().equals(section) && k.name().equals(n)).findFirst();
    }

    /** The distinct section names of {@link #ALL}, in table order. */
    public static List<String> sections() {
        List<String> out = new ArrayList<>();
        for (ConfigKey k : ALL) {
            if (!out.contains(k.section())) {
                out.add(k.section());
            }
        }
        return out;
    }

    private static ConfigKey key(String section, String name, String dflt, ConfigKey.Origin origin,
                                 String meaning, ConfigKey.Applier applier) {
        return new ConfigKey(section, name, dflt, null, origin, meaning, applier, false);
    }

    /** A {@code [bayeux]} key: new in orbited-node; {@code tweak} sets the {@link BayeuxConfig} field. */
    private static ConfigKey bayeux(String name, String dflt, String meaning, BayeuxApplier tweak) {
        return key(BAYEUX, name, dflt, NEW, meaning, (b, v) -> b.bayeux(bayeux -> {
            tweak.apply(bayeux, v);
            return bayeux;
        }));
    }

    /** Parses one value into the {@code [bayeux]} builder; throws {@link IllegalArgumentException} naming it. */
    @FunctionalInterface
    private interface BayeuxApplier {
        void apply(BayeuxConfig.Builder builder, String value);
    }

    private static void logType(String v) {
        if (!v.trim().equalsIgnoreCase("basic")) {
            throw new IllegalArgumentException("unknown log type '" + v + "' (the only type is basic)");
        }
    }
}
