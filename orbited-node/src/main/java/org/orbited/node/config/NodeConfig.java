package org.orbited.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node's typed configuration. Immutable; build one with {@link #builder()} (0.2/0.3 defaults)
 * or {@link #legacyBuilder()} (the {@code orbit.cfg} 0.1 defaults: proxy and backend keep-alive off).
 *
 * <p>Every value has the default documented in {@code docs/configuration.md}; the key each accessor
 * comes from is named in its comment. Durations are whole seconds in the file unless noted.
 */
public record NodeConfig(
        int opPort,                       // [global] op.port (alias orbit.port), 9000
        String opBind,                    // [global] op.bind, 127.0.0.1
        int httpPort,                     // [global] http.port, 8000
        String httpBind,                  // [global] http.bind, 0.0.0.0
        int httpMaxHead,                  // [global] http.max_head, 16384
        int httpMaxPost,                  // [global] http.max_post, 65536
        List<String> corsOrigins,         // [global] http.cors_origins, empty
        boolean proxyEnabled,             // [global] proxy.enabled, 1 (0 for orbit.cfg)
        boolean proxyKeepalive,           // [global] proxy.keepalive, 1 (0 for orbit.cfg)
        Duration proxyKeepaliveTimeout,   // [global] proxy.keepalive_default_timeout, 300
        List<ProxyRule> proxyRules,       // [proxy] section, file order
        boolean logEnabled,               // [global] log.enabled, 1
        String logLevel,                  // [log] level, INFO
        List<String> accessLog,           // [log] log.access, [screen]
        List<String> errorLog,            // [log] log.error, [screen]
        List<String> eventLog,            // [log] log.event, [screen]
        String sessionDefaultKey,         // [global] session.default_key, 0
        Duration sessionTimeout,          // [global] session.timeout, 5
        int eventRetryLimit,              // [global] event.retry_limit, 1
        int opMaxLine,                    // [global] op.max_line, 65536
        int opMaxHeaders,                 // [global] op.max_headers, 10000
        int opMaxBody,                    // [global] op.max_body, 1048576
        int opMaxReplyBacklog,            // [global] op.max_reply_backlog, 16777216
        int opMaxHead,                    // [global] op.max_head, 1048576
        Duration opRequestTimeout,        // [global] op.request_timeout, 30
        long opMaxPendingBytes,           // [global] op.max_pending_bytes, 67108864
        int opMaxInFlight,                // [global] op.max_in_flight, 10000
        long opMaxInFlightBytes,          // [global] op.max_in_flight_bytes, 16777216
        Duration eventDeadline,           // [global] event.deadline, 30
        int sessionQueueLimit,            // [global] session.queue_limit, 1000
        long sessionQueueBytes,           // [global] session.queue_bytes, 4194304
        int sessionReplayLimit,           // [global] session.replay_limit, 256
        Duration shutdownDrain,           // [global] shutdown.drain, 5
        String defaultTransport,          // [transport] default, stream
        Duration xhrTimeout,              // [transport] xhr.timeout, 30
        String xhrMultipartBoundary,      // [transport] xhr_multipart.boundary, orbited--
        Duration pingInterval,            // [transport] ping_interval, 60
        Duration modernPingInterval,      // [transport] modern_ping_interval, 25
        long streamMaxBytes,              // [transport] stream_max_bytes, 1048576
        long modernStreamMaxBytes,        // [transport] modern_stream_max_bytes, 0 (never)
        int sseRetryMillis,               // [transport] sse.retry (ms), 2000
        Duration longPollTimeout,         // [transport] long_poll.timeout, 30
        int longPollMaxBatch,             // [transport] long_poll.max_batch, 100
        boolean iframeAlert,              // [transport] iframe_alert, 0
        boolean originAgentCluster,       // [transport] origin_agent_cluster, 1
        Map<String, Map<String, String>> plugins, // [plugin:NAME] sections with active = 1, keys minus 'active'
        Path source,                      // the file read, or null for built-in defaults
        Duration httpIdleTimeout,         // [global] http.idle_timeout, 60 (0: none)
        Duration httpHeadTimeout,         // [global] http.head_timeout, 10 (0: none)
        int httpMaxPipelined,             // [global] http.max_pipelined, 16
        BayeuxConfig bayeux,              // [bayeux]
        int ioThreads,                    // [global] io.threads, 0 (Netty's default: 2 per core)
        Duration sessionResumeTimeout,    // [global] session.resume_timeout, 30
        AuthConfig auth,                  // [auth]
        String pluginDir,                 // [global] plugin.dir, plugins (relative: to the file's directory)
        ClusterConfig cluster,            // [cluster]
        String webircPath,                // [webirc] path, /webirc; empty when [webirc] enabled = 0
        String ioTransport,               // [global] io.transport, auto (ConfigValues.IO_TRANSPORTS)
        int ioTaskQuantumMillis           // [global] io.task_quantum_ms, 0 (Netty's default, 1 s)
) {
    /**
     * The values of {@code [global] io.transport}: {@code auto} (epoll when the platform has it, else nio; never
     * io_uring), {@code epoll}, {@code io_uring}, {@code nio}.
     */
    public static final List<String> IO_TRANSPORTS = List.of("auto", "epoll", "io_uring", "nio");

    public NodeConfig {
        corsOrigins = List.copyOf(corsOrigins);
        proxyRules = List.copyOf(proxyRules);
        accessLog = List.copyOf(accessLog);
        errorLog = List.copyOf(errorLog);
        eventLog = List.copyOf(eventLog);
        plugins = Map.copyOf(plugins);
    }

    /**
     * The plugin directory {@code plugin.dir} names: an absolute path as written, a relative one resolved against
     * the directory of the configuration file ({@link #source()}), or against the working directory when the node
     * runs on built-in defaults. The directory need not exist.
     */
    public Path pluginDirectory() {
        Path dir = Path.of(pluginDir);
        if (dir.isAbsolute()) {
            return dir.normalize();
        }
        Path base = source == null ? null : source.toAbsolutePath().getParent();
        return (base == null ? dir.toAbsolutePath() : base.resolve(dir)).normalize();
    }

    /** The 0.2/0.3 defaults with no file. */
    public static NodeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The 0.1 ({@code orbit.cfg}) defaults: proxy and backend keep-alive off. */
    public static Builder legacyBuilder() {
        return new Builder().proxyEnabled(false).proxyKeepalive(false);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; every setter is named as the accessor it fills. */
    public static final class Builder {
        int opPort = 9000;
        String opBind = "127.0.0.1";
        int httpPort = 8000;
        String httpBind = "0.0.0.0";
        int httpMaxHead = 16384;
        int httpMaxPost = 65536;
        List<String> corsOrigins = List.of();
        boolean proxyEnabled = true;
        boolean proxyKeepalive = true;
        Duration proxyKeepaliveTimeout = Duration.ofSeconds(300);
        List<ProxyRule> proxyRules = List.of();
        boolean logEnabled = true;
        String logLevel = "INFO";
        List<String> accessLog = List.of("screen");
        List<String> errorLog = List.of("screen");
        List<String> eventLog = List.of("screen");
        String sessionDefaultKey = "0";
        Duration sessionTimeout = Duration.ofSeconds(5);
        int eventRetryLimit = 1;
        int opMaxLine = 65536;
        int opMaxHeaders = 10000;
        int opMaxBody = 1048576;
        int opMaxReplyBacklog = 16777216;
        int opMaxHead = 1048576;
        Duration opRequestTimeout = Duration.ofSeconds(30);
        long opMaxPendingBytes = 67108864;
        int opMaxInFlight = 10000;
        long opMaxInFlightBytes = 16777216;
        Duration eventDeadline = Duration.ofSeconds(30);
        int sessionQueueLimit = 1000;
        long sessionQueueBytes = 4194304;
        int sessionReplayLimit = 256;
        Duration shutdownDrain = Duration.ofSeconds(5);
        String defaultTransport = "stream";
        Duration xhrTimeout = Duration.ofSeconds(30);
        String xhrMultipartBoundary = "orbited--";
        Duration pingInterval = Duration.ofSeconds(60);
        Duration modernPingInterval = Duration.ofSeconds(25);
        long streamMaxBytes = 1048576;
        long modernStreamMaxBytes = 0;
        int sseRetryMillis = 2000;
        Duration longPollTimeout = Duration.ofSeconds(30);
        int longPollMaxBatch = 100;
        boolean iframeAlert = false;
        boolean originAgentCluster = true;
        Map<String, Map<String, String>> plugins = Map.of();
        Path source = null;
        Duration httpIdleTimeout = Duration.ofSeconds(60);
        Duration httpHeadTimeout = Duration.ofSeconds(10);
        int httpMaxPipelined = 16;
        BayeuxConfig bayeux = BayeuxConfig.defaults();
        AuthConfig auth = AuthConfig.defaults();
        int ioThreads = 0;
        Duration sessionResumeTimeout = Duration.ofSeconds(30);
        String pluginDir = "plugins";
        ClusterConfig cluster = ClusterConfig.defaults();
        String webircPath = "/webirc";
        boolean webircEnabled = true;
        String ioTransport = "auto";
        int ioTaskQuantumMillis = 0;

        Builder() {
        }

        Builder(NodeConfig c) {
            opPort = c.opPort; opBind = c.opBind; httpPort = c.httpPort; httpBind = c.httpBind;
            httpMaxHead = c.httpMaxHead; httpMaxPost = c.httpMaxPost; corsOrigins = c.corsOrigins;
            proxyEnabled = c.proxyEnabled; proxyKeepalive = c.proxyKeepalive;
            proxyKeepaliveTimeout = c.proxyKeepaliveTimeout; proxyRules = c.proxyRules;
            logEnabled = c.logEnabled; logLevel = c.logLevel; accessLog = c.accessLog; errorLog = c.errorLog;
            eventLog = c.eventLog; sessionDefaultKey = c.sessionDefaultKey; sessionTimeout = c.sessionTimeout;
            eventRetryLimit = c.eventRetryLimit; opMaxLine = c.opMaxLine; opMaxHeaders = c.opMaxHeaders;
            opMaxBody = c.opMaxBody; opMaxReplyBacklog = c.opMaxReplyBacklog; eventDeadline = c.eventDeadline;
            opMaxHead = c.opMaxHead; opRequestTimeout = c.opRequestTimeout; opMaxPendingBytes = c.opMaxPendingBytes;
            opMaxInFlight = c.opMaxInFlight; opMaxInFlightBytes = c.opMaxInFlightBytes;
            sessionQueueLimit = c.sessionQueueLimit; sessionQueueBytes = c.sessionQueueBytes;
            sessionReplayLimit = c.sessionReplayLimit; shutdownDrain = c.shutdownDrain;
            defaultTransport = c.defaultTransport; xhrTimeout = c.xhrTimeout;
            xhrMultipartBoundary = c.xhrMultipartBoundary; pingInterval = c.pingInterval;
            modernPingInterval = c.modernPingInterval; streamMaxBytes = c.streamMaxBytes;
            modernStreamMaxBytes = c.modernStreamMaxBytes;
            sseRetryMillis = c.sseRetryMillis; longPollTimeout = c.longPollTimeout;
            longPollMaxBatch = c.longPollMaxBatch; iframeAlert = c.iframeAlert;
            originAgentCluster = c.originAgentCluster; plugins = c.plugins; source = c.source;
            httpIdleTimeout = c.httpIdleTimeout; httpHeadTimeout = c.httpHeadTimeout;
            httpMaxPipelined = c.httpMaxPipelined; bayeux = c.bayeux; ioThreads = c.ioThreads;
            sessionResumeTimeout = c.sessionResumeTimeout; auth = c.auth; pluginDir = c.pluginDir;
            cluster = c.cluster; webircPath = c.webircPath.isEmpty() ? "/webirc" : c.webircPath;
            webircEnabled = !c.webircPath.isEmpty(); ioTransport = c.ioTransport;
            ioTaskQuantumMillis = c.ioTaskQuantumMillis;
        }

        public Builder opPort(int v) { opPort = v; return this; }
        public Builder opBind(String v) { opBind = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder httpBind(String v) { httpBind = v; return this; }
        public Builder httpMaxHead(int v) { httpMaxHead = v; return this; }
        public Builder httpMaxPost(int v) { httpMaxPost = v; return this; }
        public Builder corsOrigins(List<String> v) { corsOrigins = v; return this; }
        public Builder proxyEnabled(boolean v) { proxyEnabled = v; return this; }
        public Builder proxyKeepalive(boolean v) { proxyKeepalive = v; return this; }
        public Builder proxyKeepaliveTimeout(Duration v) { proxyKeepaliveTimeout = v; return this; }
        public Builder proxyRules(List<ProxyRule> v) { proxyRules = v; return this; }
        public Builder logEnabled(boolean v) { logEnabled = v; return this; }
        public Builder logLevel(String v) { logLevel = v; return this; }
        public Builder accessLog(List<String> v) { accessLog = v; return this; }
        public Builder errorLog(List<String> v) { errorLog = v; return this; }
        public Builder eventLog(List<String> v) { eventLog = v; return this; }
        public Builder sessionDefaultKey(String v) { sessionDefaultKey = v; return this; }
        public Builder sessionTimeout(Duration v) { sessionTimeout = v; return this; }
        public Builder eventRetryLimit(int v) { eventRetryLimit = v; return this; }
        public Builder opMaxLine(int v) { opMaxLine = v; return this; }
        public Builder opMaxHeaders(int v) { opMaxHeaders = v; return this; }
        public Builder opMaxBody(int v) { opMaxBody = v; return this; }
        public Builder opMaxReplyBacklog(int v) { opMaxReplyBacklog = v; return this; }
        public Builder opMaxHead(int v) { opMaxHead = v; return this; }
        public Builder opRequestTimeout(Duration v) { opRequestTimeout = v; return this; }
        public Builder opMaxPendingBytes(long v) { opMaxPendingBytes = v; return this; }
        public Builder opMaxInFlight(int v) { opMaxInFlight = v; return this; }
        public Builder opMaxInFlightBytes(long v) { opMaxInFlightBytes = v; return this; }
        public Builder eventDeadline(Duration v) { eventDeadline = v; return this; }
        public Builder sessionQueueLimit(int v) { sessionQueueLimit = v; return this; }
        public Builder sessionQueueBytes(long v) { sessionQueueBytes = v; return this; }
        public Builder sessionReplayLimit(int v) { sessionReplayLimit = v; return this; }
        public Builder shutdownDrain(Duration v) { shutdownDrain = v; return this; }
        public Builder defaultTransport(String v) { defaultTransport = v; return this; }
        public Builder xhrTimeout(Duration v) { xhrTimeout = v; return this; }
        public Builder xhrMultipartBoundary(String v) { xhrMultipartBoundary = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder modernPingInterval(Duration v) { modernPingInterval = v; return this; }
        public Builder streamMaxBytes(long v) { streamMaxBytes = v; return this; }
        public Builder modernStreamMaxBytes(long v) { modernStreamMaxBytes = v; return this; }
        public Builder sseRetryMillis(int v) { sseRetryMillis = v; return this; }
        public Builder longPollTimeout(Duration v) { longPollTimeout = v; return this; }
        public Builder longPollMaxBatch(int v) { longPollMaxBatch = v; return this; }
        public Builder iframeAlert(boolean v) { iframeAlert = v; return this; }
        public Builder originAgentCluster(boolean v) { originAgentCluster = v; return this; }
        public Builder plugins(Map<String, Map<String, String>> v) { plugins = v; return this; }
        public Builder source(Path v) { source = v; return this; }
        public Builder httpIdleTimeout(Duration v) { httpIdleTimeout = v; return this; }
        public Builder httpHeadTimeout(Duration v) { httpHeadTimeout = v; return this; }
        public Builder httpMaxPipelined(int v) { httpMaxPipelined = v; return this; }
        public Builder bayeux(BayeuxConfig v) { bayeux = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        /** {@code [global] io.transport}: one of {@link ConfigValues#IO_TRANSPORTS}. */
        public Builder ioTransport(String v) { ioTransport = v; return this; }
        public Builder ioTaskQuantumMillis(int v) { ioTaskQuantumMillis = v; return this; }
        public Builder auth(AuthConfig v) { auth = v; return this; }
        /** Changes the {@code [auth]} settings. */
        public Builder auth(java.util.function.UnaryOperator<AuthConfig> tweak) { auth = tweak.apply(auth); return this; }
        public AuthConfig auth() { return auth; }
        public Builder sessionResumeTimeout(Duration v) { sessionResumeTimeout = v; return this; }
        public Builder pluginDir(String v) { pluginDir = v; return this; }
        public Builder cluster(ClusterConfig v) { cluster = v; return this; }
        /** {@code [webirc] path}: where the widget's files are served ({@code /webirc}). */
        public Builder webircPath(String v) { webircPath = v; return this; }
        /** {@code [webirc] enabled}: serve the widget's files at all. */
        public Builder webircEnabled(boolean v) { webircEnabled = v; return this; }
        /** Changes the {@code [cluster]} settings. */
        public Builder cluster(java.util.function.UnaryOperator<ClusterConfig> tweak) { cluster = tweak.apply(cluster); return this; }
        /** Changes the {@code [bayeux]} settings in place. */
        public Builder bayeux(java.util.function.UnaryOperator<BayeuxConfig.Builder> tweak) { bayeux = tweak.apply(bayeux.toBuilder()).build(); return this; }

        public NodeConfig build() {
            return new NodeConfig(opPort, opBind, httpPort, httpBind, httpMaxHead, httpMaxPost, corsOrigins,
                    proxyEnabled, proxyKeepalive, proxyKeepaliveTimeout, proxyRules, logEnabled, logLevel,
                    accessLog, errorLog, eventLog, sessionDefaultKey, sessionTimeout, eventRetryLimit,
                    opMaxLine, opMaxHeaders, opMaxBody, opMaxReplyBacklog,
                    opMaxHead, opRequestTimeout, opMaxPendingBytes, opMaxInFlight, opMaxInFlightBytes, eventDeadline,
                    sessionQueueLimit,
                    sessionQueueBytes, sessionReplayLimit, shutdownDrain, defaultTransport, xhrTimeout,
                    xhrMultipartBoundary, pingInterval, modernPingInterval, streamMaxBytes, modernStreamMaxBytes,
                    sseRetryMillis, longPollTimeout, longPollMaxBatch, iframeAlert, originAgentCluster, plugins,
                    source, httpIdleTimeout, httpHeadTimeout, httpMaxPipelined, bayeux, ioThreads,
                    sessionResumeTimeout, auth, pluginDir, cluster, webircEnabled ? webircPath : "",
                    ioTransport, ioTaskQuantumMillis);
        }
    }
}
