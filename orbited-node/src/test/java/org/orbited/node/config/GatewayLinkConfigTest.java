package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The [cluster] gateway keys: halod, the token sources, the proxy_from default; errors name the key, never the token. */
class GatewayLinkConfigTest {
    @TempDir
    Path dir;

    private static ConfigException error(String text) {
        return catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(ConfigFile.parse("orbited.cfg", text.replace("; ", "\n")), Map.of()));
    }

    @Test
    void withoutHalodNothingChanges() throws Exception {
        ClusterConfig c = ConfigLoader.defaults(Map.of()).config().cluster();
        assertThat(c.gateway().enabled()).isFalse();
        assertThat(c.proxyFrom()).isEmpty();
    }

    @Test
    void halodWithATokenLoadsAndProxyFromDefaultsToTheGatewaysAddresses() throws Exception {
        ClusterConfig c = ConfigLoader.defaults(Map.of("cluster.halod", "127.0.0.1:7700 [::1]:7701",
                "cluster.token", "  tok-en \n")).config().cluster();
        assertThat(c.gateway().gateways()).containsExactly("127.0.0.1:7700", "[::1]:7701");
        assertThat(c.gateway().addresses()).extracting(a -> a.getHostString() + " " + a.getPort())
                .containsExactly("127.0.0.1 7700", "::1 7701");
        assertThat(c.gateway().token()).isEqualTo("tok-en");
        assertThat(c.proxyFrom()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(c.toString()).doesNotContain("tok-en");
    }

    @Test
    void anExplicitProxyFromIsKept() throws Exception {
        ClusterConfig c = ConfigLoader.defaults(Map.of("cluster.halod", "127.0.0.1:7700", "cluster.token", "t",
                "cluster.proxy_from", "10.0.0.0/8")).config().cluster();
        assertThat(c.proxyFrom()).containsExactly("10.0.0.0/8");
    }

    @Test
    void theTokenFileIsRelativeToTheConfigurationFileAndReadAtLoad() throws Exception {
        Files.writeString(dir.resolve("gw.token"), "from-file\n");
        Path cfg = Files.writeString(dir.resolve("orbited.cfg"),
                "[cluster]\nhalod = 127.0.0.1:7700\ntoken_file = gw.token\n");
        ClusterConfig c = ConfigLoader.load(cfg, Map.of()).config().cluster();
        assertThat(c.gateway().token()).isEqualTo("from-file");
        assertThat(c.gateway().tokenFile()).isEqualTo(dir.resolve("gw.token").toAbsolutePath().normalize());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[cluster]; halod = 127.0.0.1:7700|[cluster] token|exactly one of token, token_file and token_env is needed (0 set)",
            "[cluster]; halod = 127.0.0.1:7700; token = a; token_env = B|[cluster] token|(2 set)",
            "[cluster]; token = secret-value|[cluster] token|a token is set but halod is not",
            "[cluster]; halod = 127.0.0.1:7700; token_file = /nonexistent/gw.token|[cluster] token_file|no such file",
            "[cluster]; halod = 127.0.0.1:7700; token_env = ORBITED_TEST_UNSET_VARIABLE|[cluster] token_env|'ORBITED_TEST_UNSET_VARIABLE' is not set",
            "[cluster]; halod = gateway.invalid:7700; token = secret-value|[cluster] halod|cannot resolve the gateway host 'gateway.invalid'",
            "[cluster]; halod = 127.0.0.1; token = secret-value|[cluster] halod|'127.0.0.1' is not a gateway address host:port",
            "[cluster]; halod = 127.0.0.1:70000; token = secret-value|[cluster] halod|the port must be 1 to 65535",
            "[cluster]; halod = ::1:7700; token = secret-value|[cluster] halod|(IPv6: [address]:port)"})
    void aBadGatewaySettingIsAConfigurationError(String text, String key, String expected) {
        ConfigException e = error(text);
        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.message()).contains(expected).doesNotContain("secret-value");
        });
    }

    @Test
    void aTokenOverTheLinksLimitIsRefused() {
        ConfigException e = error("[cluster]; halod = 127.0.0.1:7700; token = " + "x".repeat(1025));
        assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("the token is 1025 characters; the link allows 1024"));
        assertThat(List.of(e.getMessage())).noneMatch(m -> m.contains("xxxxxxxx"));
    }
}
