package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.config.NodeConfig;
import picocli.CommandLine;

/** Runs the command line in-process with a recording node runner and captured output. */
class MainTest {
    @TempDir
    Path dir;

    private final List<NodeConfig> started = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private CommandLine cli;

    @BeforeEach
    void setUp() {
        cli = Main.commandLine(config -> {
            started.add(config);
            return 0;
        }, dir);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void runsTheNodeWithTheDiscoveredFile() throws Exception {
        file("orbited.cfg", "[global]\nhttp.port = 8100\n");

        assertThat(cli.execute()).isZero();

        assertThat(started).singleElement().satisfies(c -> assertThat(c.httpPort()).isEqualTo(8100));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anUnknownIoTransportIsRefusedWithTheChoices() throws Exception {
        file("orbited.cfg", "[global]\nio.transport = uring\n");

        assertThat(cli.execute()).isEqualTo(Main.CONFIG_ERROR);

        assertThat(started).isEmpty();
        assertThat(err.toString()).contains("io.transport")
                .contains("unknown I/O transport 'uring' (one of auto, epoll, io_uring, nio)");
    }

    @Test
    void theIoTransportReachesTheNode() {
        assertThat(cli.execute("--set", "io.transport=nio")).isZero();
        assertThat(cli.execute()).isZero();

        assertThat(started).extracting(NodeConfig::ioTransport).containsExactly("nio", "auto");
    }

    @Test
    void positionalAndOptionConfigBothWork() throws Exception {
        Path cfg = file("custom.cfg", "[global]\nop.port = 9100\n");

        assertThat(cli.execute(cfg.toString())).isZero();
        assertThat(cli.execute("--config", cfg.toString())).isZero();
        assertThat(cli.execute("-c", cfg.toString())).isZero();

        assertThat(started).extracting(NodeConfig::opPort).containsExactly(9100, 9100, 9100);
    }

    @Test
    void flagsOverrideTheFileAndDedicatedFlagsWinOverSet() throws Exception {
        Path cfg = file("orbit.cfg", "[global]\norbit.port = 9000\nhttp.port = 8000\n");

        int code = cli.execute(cfg.toString(), "--orbit-port", "9300", "--http-port", "0", "--http-bind", "127.0.0.1",
                "--op-bind", "0.0.0.0", "--log-level", "debug", "--set", "transport.default=sse",
                "--set", "http.port=1234", "--set", "plugin:irc.active=1");

        assertThat(code).isZero();
        NodeConfig c = started.get(0);
        assertThat(c.opPort()).isEqualTo(9300);
        assertThat(c.httpPort()).isZero();
        assertThat(c.httpBind()).isEqualTo("127.0.0.1");
        assertThat(c.opBind()).isEqualTo("0.0.0.0");
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.defaultTransport()).isEqualTo("sse");
        assertThat(c.proxyEnabled()).isFalse(); // still the orbit.cfg defaults
        assertThat(c.plugins()).containsKey("irc");
    }

    @Test
    void badConfigPrintsOneLinePerProblemAndExits2() throws Exception {
        Path cfg = file("orbited.cfg", "[global]\nhttp.port = eighty\nop.port = 70000\nhttp.prot = 1\n");

        int code = cli.execute("--op-bind", "");

        assertThat(code).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                "orbited: warning: " + cfg + ":4: [global] http.prot: unknown key, ignored (value '1'); did you mean http.port?",
                "orbited: error: " + cfg + ":2: [global] http.port: invalid value: 'eighty' is not a valid port (expected a whole number)",
                "orbited: error: " + cfg + ":3: [global] op.port: invalid value: port '70000' is out of range 0-65535",
                "orbited: error: op.bind: invalid value: value must not be empty");
    }

    @Test
    void missingExplicitFileExits2() {
        assertThat(cli.execute("nosuch.cfg")).isEqualTo(2);
        assertThat(err.toString()).contains("nosuch.cfg: file not found");
    }

    @Test
    void noFileWarnsAndUsesDefaults() {
        assertThat(cli.execute()).isZero();
        // the built-in defaults, with the help desk on (docs/webirc.md)
        assertThat(started).containsExactly(NodeConfig.builder().plugins(java.util.Map.of("helpdesk", java.util.Map.of())).build());
        assertThat(err.toString()).contains("orbited: warning: config: no orbited.cfg or orbit.cfg");
    }

    @Test
    void configGivenTwiceIsAnError() throws Exception {
        Path cfg = file("a.cfg", "");
        assertThat(cli.execute("-c", cfg.toString(), cfg.toString())).isEqualTo(2);
        assertThat(started).isEmpty();
    }

    @Test
    void checkConfigAcceptsAValidFileWithWarnings() throws Exception {
        Path cfg = file("orbited.cfg", "[global]\nhttp.port = 8000\n[nosuch]\nx = 1\n");

        int code = cli.execute("check-config", cfg.toString());

        assertThat(code).isZero();
        assertThat(started).isEmpty();
        assertThat(out.toString().lines()).containsExactly(
                "warning: " + cfg + ":3: [nosuch]: unknown section; its keys are ignored",
                cfg + ": OK, but the node ignores what the 1 warning(s) above name (--strict makes warnings fail)");
    }

    @Test
    void checkConfigSuggestsTheNearestKeyAndSectionAndStrictFailsOnWarnings() throws Exception {
        Path cfg = file("orbited.cfg", """
                [global]
                http.prot = 8001
                [transprot]
                default = sse
                [transport]
                stream_max_byte = 10
                session.timeout = 9
                zzzzzz = 1
                """);

        assertThat(cli.execute("check-config", cfg.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "warning: " + cfg + ":3: [transprot]: unknown section; its keys are ignored; did you mean [transport]?",
                "warning: " + cfg + ":2: [global] http.prot: unknown key, ignored (value '8001'); did you mean http.port?",
                "warning: " + cfg + ":6: [transport] stream_max_byte: unknown key, ignored (value '10'); did you mean"
                        + " stream_max_bytes?",
                "warning: " + cfg + ":7: [transport] session.timeout: unknown key, ignored (value '9'); did you mean"
                        + " [global] session.timeout?",
                "warning: " + cfg + ":8: [transport] zzzzzz: unknown key, ignored (value '1')",
                cfg + ": OK, but the node ignores what the 5 warning(s) above name (--strict makes warnings fail)");

        out.getBuffer().setLength(0);
        assertThat(cli.execute("check-config", "--strict", cfg.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).last().isEqualTo(cfg + ": INVALID (--strict: 5 warning(s))");

        out.getBuffer().setLength(0);
        Path clean = file("clean.cfg", "[global]\nhttp.port = 8001\n");
        assertThat(cli.execute("check-config", "--strict", clean.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(clean + ": OK");
    }

    @Test
    void anUnknownSetKeySuggestsTheNearestOne() {
        assertThat(cli.execute("--set", "sesion.timeout=3")).isEqualTo(Main.CONFIG_ERROR);
        assertThat(err.toString()).contains("sesion.timeout: unknown configuration key (value '3'); did you mean"
                + " session.timeout?");
    }

    @Test
    void checkConfigReportsEveryErrorWithItsLineAndExits1() throws Exception {
        Path cfg = file("orbited.cfg", """
                [global]
                op.port = abc
                admin.enabled = 1
                [transport]
                default = pigeon
                [proxy]
                /x -> ftp://host
                """);

        int code = cli.execute("check-config", cfg.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                "warning: " + cfg + ":3: [global] admin.enabled: parsed but ignored: orbited-node has no admin interface",
                "error: " + cfg + ":2: [global] op.port: invalid value: 'abc' is not a valid port (expected a whole number)",
                "error: " + cfg + ":5: [transport] default: invalid value: unknown transport 'pigeon' (known: basic, "
                        + "htmlfile, iframe, iframe_alert, iframe_domain, iframe_raw, long_poll, raw, server_sent_events, "
                        + "sse, stream, websocket, xhr, xhr_buffered, xhr_multipart, xhr_stream)",
                "error: " + cfg + ":7: [proxy] /x: invalid rule '/x -> ftp://host': proxy target 'ftp://host' must use "
                        + "http:// (or be host:port or ORBITED)",
                cfg + ": INVALID (3 error(s), 1 warning(s))");
    }

    @Test
    void checkConfigOfMissingFileExits1() {
        assertThat(cli.execute("check-config", "nosuch.cfg")).isEqualTo(1);
        assertThat(out.toString()).contains("error: nosuch.cfg: file not found");
    }

    @Test
    void versionAndHelp() {
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("orbited-node ");
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--op-port", "--orbit-port", "--set", "check-config");
    }

    @Test
    void nonNumericPortFlagIsReportedLikeAFileValue() {
        assertThat(cli.execute("--http-port", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("http.port: invalid value: 'x' is not a valid port");
    }

    @Test
    void anUnusableAuthKeyIsAConfigErrorForTheNodeAndForCheckConfig() throws Exception {
        file("short.key", "too-short-for-hs256");
        Path cfg = file("orbited.cfg", "[auth]\nalgorithm = HS256\nkey_file = short.key\n");

        assertThat(cli.execute(cfg.toString())).isEqualTo(Main.CONFIG_ERROR);
        assertThat(err.toString()).contains("orbited: error: [auth] key:").contains("short.key");
        assertThat(started).isEmpty();

        out.getBuffer().setLength(0);
        assertThat(cli.execute("check-config", cfg.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("error: [auth] key:").contains(cfg + ": INVALID");
    }

    @Test
    void halodOnTheCommandLineSetsTheGateways() throws Exception {
        assertThat(cli.execute("--halod", "127.0.0.1:7700,127.0.0.1:7701", "--set", "cluster.token=t")).isZero();
        assertThat(started).singleElement().satisfies(c -> {
            assertThat(c.cluster().gateway().gateways()).containsExactly("127.0.0.1:7700", "127.0.0.1:7701");
            assertThat(c.cluster().proxyFrom()).containsExactly("127.0.0.1");
        });
    }

    @Test
    void halodWithoutATokenOrWithABadAddressExitsTwo() throws Exception {
        assertThat(cli.execute("--halod", "127.0.0.1:7700")).isEqualTo(2);
        assertThat(err.toString()).contains("orbited: error: [cluster] token: halod is set, so exactly one of token, "
                + "token_file and token_env is needed");
        assertThat(cli.execute("--halod", "nohost", "--set", "cluster.token=t")).isEqualTo(2);
        assertThat(err.toString()).contains("orbited: error: cluster.halod: invalid value: 'nohost' is not a gateway "
                + "address host:port");
        assertThat(started).isEmpty();
    }
}
