package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static LoadedConfig load(String name, String text) throws ConfigException {
        return ConfigLoader.load(ConfigFile.parse(name, text), Map.of());
    }

    private static LoadedConfig load(String name, String text, Map<String, String> overrides) throws ConfigException {
        return ConfigLoader.load(ConfigFile.parse(name, text), overrides);
    }

    /** What the loader gives with nothing set: the builder's defaults plus the plugins on by default. */
    private static NodeConfig.Builder loaderDefaults() {
        return NodeConfig.builder().plugins(Map.of("helpdesk", Map.of()));
    }

    private static ConfigException errors(String name, String text) {
        return catchThrowableOfType(ConfigException.class, () -> load(name, text));
    }

    @Test
    void realistic02File() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", """
                [global]
                http.port = 8000
                op.port = 9000
                session.timeout = 10
                [transport]
                default = xhr_stream
                xhr_multipart.boundary = myboundary
                [log]
                type = basic
                level = warning
                [proxy]
                / -> http://127.0.0.1:4700
                /cherrychat -> ORBITED
                """);

        NodeConfig c = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(c.httpPort()).isEqualTo(8000);
        assertThat(c.opPort()).isEqualTo(9000);
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.defaultTransport()).isEqualTo("xhr_stream");
        assertThat(c.xhrMultipartBoundary()).isEqualTo("myboundary");
        assertThat(c.logLevel()).isEqualTo("WARN");
        assertThat(c.proxyEnabled()).isTrue();
        assertThat(c.proxyRules()).containsExactly(
                new ProxyRule("/", "127.0.0.1", 4700, false), ProxyRule.orbited("/cherrychat"));
        assertThat(c.source()).isEqualTo(Path.of("orbited.cfg"));
    }

    @Test
    void realistic01FileGetsLegacyDefaults() throws Exception {
        NodeConfig c = load("orbit.cfg", """
                # Orbited 0.1 configuration
                [global]
                orbit.port = 9500
                http.port = 8500
                log.enabled = 1
                [log]
                log.access = screen, /var/log/orbit-access.log
                log.error = screen
                log.event = /var/log/orbit-event.log
                [proxy]
                /chat -> localhost:5000
                /static -> static.example.com
                """).config();

        assertThat(c.opPort()).isEqualTo(9500);
        assertThat(c.httpPort()).isEqualTo(8500);
        assertThat(c.proxyEnabled()).isFalse();
        assertThat(c.proxyKeepalive()).isFalse();
        assertThat(c.accessLog()).containsExactly("screen", "/var/log/orbit-access.log");
        assertThat(c.eventLog()).containsExactly("/var/log/orbit-event.log");
        assertThat(c.proxyRules()).containsExactly(
                new ProxyRule("/chat", "localhost", 5000, false), new ProxyRule("/static", "static.example.com", 80, false));
    }

    @Test
    void defaultsDependOnFileName() throws Exception {
        assertThat(load("/etc/orbit.cfg", "").config()).isEqualTo(
                NodeConfig.legacyBuilder().plugins(Map.of("helpdesk", Map.of())).source(Path.of("/etc/orbit.cfg")).build());
        assertThat(load("/etc/orbited.cfg", "").config()).isEqualTo(
                loaderDefaults().source(Path.of("/etc/orbited.cfg")).build());
        assertThat(load("my-node.cfg", "").config().proxyEnabled()).isTrue();
    }

    @Test
    void legacyFileCanStillEnableProxy() throws Exception {
        assertThat(load("orbit.cfg", "[global]\nproxy.enabled = 1\n").config().proxyEnabled()).isTrue();
    }

    @Test
    void opPortWinsOverOrbitPortInEitherOrder() throws Exception {
        LoadedConfig after = load("orbited.cfg", "[global]\nop.port = 9100\norbit.port = 9200\n");
        LoadedConfig before = load("orbited.cfg", "[global]\norbit.port = 9200\nop.port = 9100\n");

        assertThat(after.config().opPort()).isEqualTo(9100);
        assertThat(before.config().opPort()).isEqualTo(9100);
        assertThat(after.warnings()).extracting(ConfigProblem::line, ConfigProblem::key)
                .containsExactly(tuple(3, "[global] orbit.port"));
        assertThat(after.warnings().get(0).message()).contains("op.port (line 2) wins");
    }

    @Test
    void everyNewKeyTakesEffect() throws Exception {
        NodeConfig c = load("orbited.cfg", """
                [global]
                op.bind = 0.0.0.0
                http.bind = 127.0.0.1
                http.max_head = 8192
                http.max_post = 1024
                http.cors_origins = https://a.example, https://b.example https://c.example
                proxy.keepalive = off
                proxy.keepalive_default_timeout = 60
                log.enabled = no
                session.default_key = guest
                event.retry_limit = 3
                op.max_line = 1000
                op.max_headers = 50
                op.max_body = 2000
                op.max_reply_backlog = 3000
                event.deadline = 7
                session.queue_limit = 11
                session.queue_bytes = 12
                session.replay_limit = 0
                shutdown.drain = 2
                [transport]
                xhr.timeout = 15
                ping_interval = 0
                modern_ping_interval = 10
                stream_max_bytes = 4096
                modern_stream_max_bytes = 8192
                sse.retry = 500
                long_poll.timeout = 20
                long_poll.max_batch = 5
                iframe_alert = yes
                origin_agent_cluster = false
                """).config();

        assertThat(c.opBind()).isEqualTo("0.0.0.0");
        assertThat(c.httpBind()).isEqualTo("127.0.0.1");
        assertThat(c.httpMaxHead()).isEqualTo(8192);
        assertThat(c.httpMaxPost()).isEqualTo(1024);
        assertThat(c.corsOrigins()).containsExactly("https://a.example", "https://b.example", "https://c.example");
        assertThat(c.proxyKeepalive()).isFalse();
        assertThat(c.proxyKeepaliveTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.logEnabled()).isFalse();
        assertThat(c.sessionDefaultKey()).isEqualTo("guest");
        assertThat(c.eventRetryLimit()).isEqualTo(3);
        assertThat(c.opMaxLine()).isEqualTo(1000);
        assertThat(c.opMaxHeaders()).isEqualTo(50);
        assertThat(c.opMaxBody()).isEqualTo(2000);
        assertThat(c.opMaxReplyBacklog()).isEqualTo(3000);
        assertThat(c.eventDeadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.sessionQueueLimit()).isEqualTo(11);
        assertThat(c.sessionQueueBytes()).isEqualTo(12);
        assertThat(c.sessionReplayLimit()).isZero();
        assertThat(c.shutdownDrain()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.xhrTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.pingInterval()).isZero();
        assertThat(c.modernPingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.streamMaxBytes()).isEqualTo(4096);
        assertThat(c.modernStreamMaxBytes()).isEqualTo(8192);
        assertThat(c.sseRetryMillis()).isEqualTo(500);
        assertThat(c.longPollTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.longPollMaxBatch()).isEqualTo(5);
        assertThat(c.iframeAlert()).isTrue();
        assertThat(c.originAgentCluster()).isFalse();
    }

    @Test
    void documentedDefaultsAreTheBuilderDefaults() {
        NodeConfig.Builder current = loaderDefaults();
        NodeConfig.Builder legacy = NodeConfig.legacyBuilder();
        for (ConfigKey k : ConfigKeys.ALL) {
            k.applier().apply(current, k.defaultValue());
            k.applier().apply(legacy, k.legacyDefault() != null ? k.legacyDefault() : k.defaultValue());
        }
        assertThat(current.build()).isEqualTo(loaderDefaults().build());
        assertThat(legacy.build()).isEqualTo(NodeConfig.legacyBuilder().build());
    }

    @Test
    void activePluginsKeepTheirOtherKeys() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", """
                [plugin:irc]
                active = 1
                server = irc.example.net
                port = 6667
                [plugin:xmpp]
                active = 0
                server = xmpp.example.net
                [plugin:stats]
                server = nowhere
                """);

        assertThat(loaded.config().plugins())
                .isEqualTo(Map.of("irc", Map.of("server", "irc.example.net", "port", "6667"), "helpdesk", Map.of()));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void adminKeysAreParsedAndIgnoredWithAWarning() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", "[global]\nadmin.enabled = 1\n[admin]\nadmin.port = 9001\n");

        assertThat(loaded.config()).isEqualTo(loaderDefaults().source(Path.of("orbited.cfg")).build());
        assertThat(loaded.warnings()).extracting(ConfigProblem::line, ConfigProblem::key)
                .containsExactly(tuple(2, "[global] admin.enabled"), tuple(4, "[admin] admin.port"));
        assertThat(loaded.warnings().get(0).message()).contains("ignored");
    }

    @Test
    void adminKeysAreStillValidated() {
        ConfigException e = errors("orbited.cfg", "[global]\nadmin.enabled = maybe\n[admin]\nadmin.port = 99999\n");

        assertThat(e.errors()).extracting(ConfigProblem::line).containsExactly(2, 4);
    }

    @Test
    void unknownKeysAndSectionsAreWarningsWithLines() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", """
                [global]
                http.prot = 8001
                [transprot]
                default = sse
                [transport]
                nosuch = 1
                """);

        assertThat(loaded.config().defaultTransport()).isEqualTo("stream");
        assertThat(loaded.warnings()).extracting(ConfigProblem::line, ConfigProblem::key)
                .containsExactly(tuple(3, "[transprot]"), tuple(2, "[global] http.prot"), tuple(6, "[transport] nosuch"));
    }

    @Test
    void keySetTwiceWarnsAndLastWins() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", "[global]\nhttp.port = 1\nhttp.port = 2\n");

        assertThat(loaded.config().httpPort()).isEqualTo(2);
        assertThat(loaded.warnings()).extracting(ConfigProblem::line).containsExactly(3);
    }

    @Test
    void keysAreCaseInsensitive() throws Exception {
        assertThat(load("orbited.cfg", "[Global]\nHTTP.Port = 81\n").config().httpPort()).isEqualTo(81);
    }

    @ParameterizedTest(name = "[{0}] {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "global    | op.port                         | abc         | 'abc' is not a valid port",
            "global    | orbit.port                      | 65536       | out of range 0-65535",
            "global    | http.port                       | -1          | out of range 0-65535",
            "global    | http.max_head                   | -5          | must not be negative",
            "global    | http.max_post                   | 0           | must be at least 1",
            "global    | session.queue_bytes             | -1          | must not be negative",
            "global    | session.timeout                 | 5s          | '5s' is not a valid number",
            "global    | proxy.enabled                   | maybe       | 'maybe' is not a boolean",
            "global    | proxy.keepalive_default_timeout | -300        | must not be negative",
            "global    | op.max_body                     | 99999999999 | too large",
            "global    | http.bind                       | ''          | must not be empty",
            "transport | default                         | carrier_pigeon | unknown transport 'carrier_pigeon'",
            "transport | iframe_alert                    | 2           | '2' is not a boolean",
            "transport | modern_stream_max_bytes         | -1          | must not be negative",
            "log       | level                           | LOUD        | unknown log level 'LOUD'",
            "log       | type                            | fancy       | unknown log type 'fancy'",
            "log       | log.access                      | ','         | names no destination",
            "proxy     | /app                            | ftp://x:21  | must use http://",
            "proxy     | /app                            | http://x:0  | invalid port '0'",
            "proxy     | /app                            | x:port      | invalid port 'port'",
            "proxy     | /app                            | http://x/y  | is not http://host:port",
            "proxy     | app                             | ORBITED     | must start with '/'",
            "bayeux    | enabled                         | maybe       | 'maybe' is not a boolean",
            "bayeux    | path                            | cometd      | must start with '/'",
            "bayeux    | path                            | /           | must start with '/' and name something",
            "bayeux    | path                            | /cometd/    | must not end with '/'",
            "bayeux    | path                            | /cometd?x=1 | must be a plain path",
            "bayeux    | path                            | /a//b       | must be a plain path",
            "bayeux    | transports                      | smoke-signals | unknown transport 'smoke-signals' (known: websocket, long-polling, callback-polling)",
            "bayeux    | transports                      | ','         | names no transport",
            "bayeux    | timeout                         | -1          | must not be negative",
            "bayeux    | interval                        | 1s          | '1s' is not a valid number",
            "bayeux    | max_interval                    | 0           | must be at least 1",
            "bayeux    | max_queue                       | 0           | must be at least 1",
            "bayeux    | max_message_size                | 99999999999 | too large",
            "bayeux    | max_messages_per_request        | 0           | must be at least 1",
            "bayeux    | max_subscriptions               | -3          | must not be negative",
            "bayeux    | max_sessions_per_browser        | -2          | out of range (-1 for unlimited, or 0 and up)",
            "bayeux    | multi_session_interval          | soon        | 'soon' is not a valid number",
            "bayeux    | browser_cookie_name             | BAYEUX BROWSER | must be 1-64 token characters",
            "bayeux    | browser_cookie_name             | a;b         | must be 1-64 token characters",
            "bayeux    | browser_cookie_secure           | 2           | '2' is not a boolean",
            "bayeux    | browser_cookie_same_site        | Sometimes   | must be empty, Strict, Lax or None",
            "bayeux    | trust_client_session            | perhaps     | 'perhaps' is not a boolean",
            "bayeux    | duplicate_meta_connect_http_response_code | 302 | out of range (400-599)",
            "bayeux    | duplicate_meta_connect_http_response_code | 600 | out of range (400-599)",
            "bayeux    | broadcast_to_publisher          | x           | 'x' is not a boolean",
            "bayeux    | callback_parameter              | cb&x        | must be 1-64 of A-Z",
            "bayeux    | allowed_origins                 | https://example.com/app | (an origin has no path)",
            "bayeux    | allowed_origins                 | example.com | is not * or scheme://host[:port]",
            "bayeux    | allowed_origins                 | https://example.com:99999 | invalid port '99999'",
            "bayeux    | read_only                       | /chat/*/x   | wildcard '*' is allowed only as the last segment",
            "bayeux    | read_only                       | chat        | must start with '/'",
            "bayeux    | ack                             | nope        | 'nope' is not a boolean",
            "bayeux    | timesync                        | 3           | '3' is not a boolean",
    })
    void invalidValueIsAnErrorNamingKeyValueAndLine(String section, String key, String value, String expected) {
        String separator = section.equals("proxy") ? " -> " : " = ";
        ConfigException e = errors("orbited.cfg", "# header\n[" + section + "]\n" + key + separator + value + "\n");

        assertThat(e.errors()).hasSize(1);
        ConfigProblem p = e.errors().get(0);
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.key()).isEqualTo("[" + section + "] " + key);
        assertThat(p.message()).contains(expected).contains(value);
        assertThat(p.format("orbited.cfg")).startsWith("orbited.cfg:3: [" + section + "] " + key + ": ");
    }

    @Test
    void everyBayeuxKeyTakesEffect() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", """
                [bayeux]
                enabled = 0
                path = /push/bayeux
                transports = long-polling websocket
                timeout = 3000
                interval = 100
                max_interval = 20000
                max_queue = 50
                max_message_size = 4096
                max_messages_per_request = 10
                max_subscriptions = 20
                max_sessions_per_browser = -1
                multi_session_interval = 1500
                browser_cookie_name = MY_BROWSER
                browser_cookie_secure = 1
                browser_cookie_same_site = lax
                trust_client_session = yes
                duplicate_meta_connect_http_response_code = 409
                broadcast_to_publisher = off
                callback_parameter = cb
                allowed_origins = HTTPS://Example.COM:443, http://localhost:8080 *
                read_only = /announce, /irc/** /news/*   # comments still end the line
                ack = 0
                timesync = false
                """);

        assertThat(loaded.warnings()).isEmpty();
        BayeuxConfig b = loaded.config().bayeux();
        assertThat(b.enabled()).isFalse();
        assertThat(b.path()).isEqualTo("/push/bayeux");
        assertThat(b.transports()).containsExactly("long-polling", "websocket");
        assertThat(b.timeoutMillis()).isEqualTo(3000);
        assertThat(b.intervalMillis()).isEqualTo(100);
        assertThat(b.maxIntervalMillis()).isEqualTo(20000);
        assertThat(b.maxQueue()).isEqualTo(50);
        assertThat(b.maxMessageSize()).isEqualTo(4096);
        assertThat(b.maxMessagesPerRequest()).isEqualTo(10);
        assertThat(b.maxSubscriptions()).isEqualTo(20);
        assertThat(b.maxSessionsPerBrowser()).isEqualTo(-1);
        assertThat(b.multiSessionIntervalMillis()).isEqualTo(1500);
        assertThat(b.browserCookieName()).isEqualTo("MY_BROWSER");
        assertThat(b.browserCookieSecure()).isTrue();
        assertThat(b.browserCookieSameSite()).isEqualTo("Lax");
        assertThat(b.trustClientSession()).isTrue();
        assertThat(b.duplicateMetaConnectStatus()).isEqualTo(409);
        assertThat(b.broadcastToPublisher()).isFalse();
        assertThat(b.callbackParameter()).isEqualTo("cb");
        assertThat(b.allowedOrigins()).as("lower-cased, default port dropped, as a browser sends it")
                .containsExactly("https://example.com", "http://localhost:8080", "*");
        assertThat(b.allowsOrigin("https://example.com")).isTrue();
        assertThat(b.readOnlyChannels()).containsExactly("/announce", "/irc/**", "/news/*");
        assertThat(b.ackEnabled()).isFalse();
        assertThat(b.timesyncEnabled()).isFalse();
    }

    @Test
    void bayeuxDefaultsNeedNoSection() throws Exception {
        assertThat(load("orbited.cfg", "[global]\nhttp.port = 8000\n").config().bayeux()).isEqualTo(BayeuxConfig.defaults());
    }

    @Test
    void anUnknownBayeuxKeyIsAWarningInAKnownSection() throws Exception {
        LoadedConfig loaded = load("orbited.cfg", "[bayeux]\nmaxQueue = 5\n");

        assertThat(loaded.warnings()).extracting(ConfigProblem::line, ConfigProblem::key)
                .containsExactly(tuple(2, "[bayeux] maxQueue"));
        assertThat(loaded.config().bayeux().maxQueue()).isEqualTo(10_000);
    }

    @Test
    void listedBayeuxValuesNameTheBadItem() {
        ConfigException e = errors("orbited.cfg", """
                [bayeux]
                transports = websocket, long-polling websocket
                allowed_origins = https://ok.example, ftp//broken
                read_only = /fine, /also/fine/**, /not.fine
                """);

        assertThat(e.errors()).extracting(ConfigProblem::line).containsExactly(2, 3, 4);
        assertThat(e.errors().get(0).message()).contains("transport 'websocket' is listed twice");
        assertThat(e.errors().get(1).message()).contains("origin 'ftp//broken'");
        assertThat(e.errors().get(2).message()).contains("'/not.fine'", "character '.'");
    }

    @Test
    void bayeuxKeysCanBeOverriddenOnTheCommandLine() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("bayeux.timeout", "3000");
        overrides.put("max_queue", "7");
        overrides.put("bayeux.allowed_origins", "https://a.example");

        BayeuxConfig b = load("orbited.cfg", "[bayeux]\ntimeout = 60000\nmax_queue = 9\n", overrides).config().bayeux();

        assertThat(b.timeoutMillis()).isEqualTo(3000);
        assertThat(b.maxQueue()).isEqualTo(7);
        assertThat(b.allowedOrigins()).containsExactly("https://a.example");
        ConfigException bad = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.defaults(Map.of("bayeux.path", "cometd")));
        assertThat(bad.errors()).extracting(ConfigProblem::line, ConfigProblem::key).containsExactly(tuple(0, "bayeux.path"));
        assertThat(bad.errors().get(0).message()).contains("path 'cometd' must start with '/'");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        ConfigException e = errors("orbited.cfg", """
                [global]
                http.port = eighty
                op.port = 70000
                unknown.key = 1
                session.timeout = -5
                garbage line
                [transport]
                default = pigeon
                [proxy]
                /x -> ftp://nope
                [plugin:irc]
                active = perhaps
                """);

        assertThat(e.errors()).extracting(ConfigProblem::line).containsExactlyInAnyOrder(2, 3, 5, 6, 8, 10, 12);
        assertThat(e.warnings()).extracting(ConfigProblem::line).containsExactly(4);
        assertThat(e.getMessage()).contains("7 configuration error(s)");
    }

    @Test
    void overridesApplyAfterTheFileAndAreValidated() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("op.port", "9100");
        overrides.put("transport.default", "sse");
        overrides.put("global.http.port", "0");
        overrides.put("log.level", "debug");
        overrides.put("log.access", "/tmp/a.log");
        overrides.put("plugin:irc.active", "1");
        overrides.put("plugin:irc.server", "irc.example.net");

        NodeConfig c = load("orbited.cfg", "[global]\nhttp.port = 8000\nop.port = 9000\n[transport]\ndefault = xhr\n",
                overrides).config();

        assertThat(c.opPort()).isEqualTo(9100);
        assertThat(c.httpPort()).isZero();
        assertThat(c.defaultTransport()).isEqualTo("sse");
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.accessLog()).containsExactly("/tmp/a.log");
        assertThat(c.plugins()).isEqualTo(Map.of("irc", Map.of("server", "irc.example.net"), "helpdesk", Map.of()));
    }

    @Test
    void anInstanceSectionAndItsOverridesAreKeptApart() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("plugin:irc.oftc.server", "irc.oftc.net");
        overrides.put("plugin:irc.server", "irc.libera.chat");

        NodeConfig c = load("orbited.cfg", "[plugin:irc]\nactive = 1\nnick = a\n[plugin:irc.oftc]\nactive = 1\nnick = b\n",
                overrides).config();

        assertThat(c.plugins()).isEqualTo(Map.of(
                "irc", Map.of("nick", "a", "server", "irc.libera.chat"),
                "irc.oftc", Map.of("nick", "b", "server", "irc.oftc.net"), "helpdesk", Map.of()));
    }

    @Test
    void overrideOpPortWinsOverOverrideOrbitPort() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("op.port", "9100");
        overrides.put("orbit.port", "9200");

        assertThat(ConfigLoader.defaults(overrides).config().opPort()).isEqualTo(9100);
        assertThat(load("orbited.cfg", "[global]\nop.port = 9000\n", Map.of("orbit.port", "9300"))
                .config().opPort()).isEqualTo(9300);
    }

    @Test
    void badAndUnknownOverridesAreErrorsWithoutLine() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("http.port", "abc");
        overrides.put("no.such.key", "1");
        overrides.put("proxy./x", "ORBITED");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load("orbited.cfg", "[global]\nop.port = nope\n", overrides));

        assertThat(e.errors()).extracting(ConfigProblem::line, ConfigProblem::key).containsExactly(
                tuple(2, "[global] op.port"), tuple(0, "http.port"), tuple(0, "no.such.key"), tuple(0, "proxy./x"));
        assertThat(e.errors().get(1).format("orbited.cfg")).isEqualTo(
                "orbited.cfg: http.port: invalid value: 'abc' is not a valid port (expected a whole number)");
    }

    @Test
    void discoveryPrefersExplicitThenOrbitedCfgThenOrbitCfg(@TempDir Path dir) throws Exception {
        LoadedConfig none = ConfigLoader.discover(null, dir, Map.of());
        assertThat(none.config()).isEqualTo(loaderDefaults().build());
        assertThat(none.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("built-in"));

        Files.writeString(dir.resolve("orbit.cfg"), "[global]\nhttp.port = 1\n");
        assertThat(ConfigLoader.discover(null, dir, Map.of()).config().httpPort()).isEqualTo(1);
        assertThat(ConfigLoader.discover(null, dir, Map.of()).config().proxyEnabled()).isFalse();

        Files.writeString(dir.resolve("orbited.cfg"), "[global]\nhttp.port = 2\n");
        assertThat(ConfigLoader.discover(null, dir, Map.of()).config().httpPort()).isEqualTo(2);

        Path explicit = Files.writeString(dir.resolve("other.cfg"), "[global]\nhttp.port = 3\n");
        LoadedConfig loaded = ConfigLoader.discover(explicit, dir, Map.of());
        assertThat(loaded.config().httpPort()).isEqualTo(3);
        assertThat(loaded.config().source()).isEqualTo(explicit);
    }

    @Test
    void missingExplicitFileIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.cfg");

        assertThatThrownBy(() -> ConfigLoader.discover(missing, dir, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigProblem::key, ConfigProblem::message)
                        .containsExactly(tuple(missing.toString(), "file not found")));
    }

    @Test
    void loadedConfigCopiesWarnings() {
        List<ConfigProblem> warnings = new java.util.ArrayList<>();
        LoadedConfig loaded = new LoadedConfig(NodeConfig.defaults(), warnings);
        warnings.add(new ConfigProblem(1, "k", "m"));
        assertThat(loaded.warnings()).isEmpty();
    }
}
