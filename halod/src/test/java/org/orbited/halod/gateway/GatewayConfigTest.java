package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Configuration parsing, validation messages and the launcher's exit codes. */
class GatewayConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAndAFile() throws Exception {
        Path f = dir.resolve("halod.properties");
        Files.writeString(f, "routes = 256\nbrowser.base = 30000\napp.base = 31000\ntoken_env = HALOD_T\n"
                + "assign.policy = seed\nreserve.count = 2\nrelay.splice = 1\n");
        GatewayConfig c = GatewayConfigParser.parse(f, Map.of("heartbeat_ms", "100", "fence_ms", "300"),
                k -> k.equals("HALOD_T") ? "tok" : null);
        assertThat(c.ports().routes()).isEqualTo(256);
        assertThat(c.ports().appPort(256)).isEqualTo(31255);
        assertThat(c.token()).isEqualTo("tok");
        assertThat(c.heartbeat().heartbeatMs()).isEqualTo(100);
        assertThat(c.heartbeat().missLimit()).isEqualTo(5);
        assertThat(c.controlPort()).isEqualTo(7700);
        assertThat(c.adminPort()).isEqualTo(7701);
        assertThat(c.relayMaxConnections()).isEqualTo(9000);
        assertThat(c.moveDeadlineMs()).isEqualTo(2000);
        assertThat(c.recoveryGraceMs()).isEqualTo(3000);
        assertThat(c.relaySplice()).isTrue();
        assertThat(c.reserveCount()).isEqualTo(2);
        assertThat(c.tableFile()).isEqualTo(Path.of("./halod-table.json"));
    }

    @Test
    void everyProblemIsOneClearLine() {
        assertThatThrownBy(() -> GatewayConfigParser.parse(null, Map.of("token", "t", "rotues", "24",
                "browser.base", "24000", "app.base", "24010", "fence_ms", "900"), k -> null))
                .isInstanceOfSatisfying(GatewayConfigParser.ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("unknown key 'rotues' in --set (did you mean 'routes'?)",
                                "browser ports 24000..24023 overlap app ports 24010..24033",
                                "fence_ms 900 is too large: a node must fence before the gateway hands its routes "
                                        + "on, so fence_ms must be ≤ heartbeat_ms × (miss_limit − 2) = 600"));
        assertThatThrownBy(() -> GatewayConfigParser.parse(null, Map.of("routes", "4096", "browser.base", "64000"),
                k -> null)).isInstanceOfSatisfying(GatewayConfigParser.ConfigException.class,
                        e -> assertThat(e.problems()).containsExactly(
                                "route ports out of range: browser 64000..68095, app 25000..29095 (ports are 1..65535)",
                                "no token: set exactly one of token, token_file, token_env"));
    }

    @Test
    void theLauncherExitsTwoOnBadConfigurationAndOneOnAPortInUse() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int code = new CommandLine(new HaloDMain()).execute("--set", "token=t", "--set", "miss_limit=2");
            assertThat(code).isEqualTo(2);
            code = new CommandLine(new HaloDMain()).execute("--set", "token=t", "--set",
                    "control.port=" + busy.getLocalPort(), "--set", "admin.port=0", "--set", "routes=1",
                    "--set", "browser.base=" + freePort(), "--set", "app.base=" + freePort(),
                    "--set", "table.file=" + dir.resolve("t.json"));
            assertThat(code).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("halod: heartbeat_ms must be ≥ 1, miss_limit ≥ 3");
        assertThat(out).contains("halod: cannot listen on the control port ");
        assertThat(out).contains("address already in use (set by control.port)");
    }

    /** A port free right now (route ports must not collide with another process's: no fixed numbers). */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
