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
    public static final String PROXY = ConfigFile.PROXY_SECTION;
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
                    "seconds an HTTP connection may wait for (the rest of) a request before it is closed; "
                            + "comet connections are exempt; 0 disables",
                    (b, v) -> b.httpIdleTimeout(ConfigValues.seconds(v))),
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
            key(GLOBAL, "op.max_reply_backlog", "16777216", NEW, "unwritten reply bytes that pause reading an Orbit connection",
                    (b, v) -> b.opMaxReplyBacklog(ConfigValues.positiveInt(v))),
            key(GLOBAL, "shutdown.drain", "5", NEW, "shutdown drain time, seconds",
                    (b, v) -> b.shutdownDrain(ConfigValues.seconds(v))),
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
            key(TRANSPORT, "stream_max_bytes", "1048576", NEW, "bytes after which an uncapped stream is recycled",
                    (b, v) -> b.streamMaxBytes(ConfigValues.positiveLong(v))),
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
                    (b, v) -> b.logLevel(ConfigValues.logLevel(v))));

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

    private static void logType(String v) {
        if (!v.trim().equalsIgnoreCase("basic")) {
            throw new IllegalArgumentException("unknown log type '" + v + "' (the only type is basic)");
        }
    }
}
