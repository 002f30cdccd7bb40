package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.core.HubSettings;
import org.orbited.node.http.ProxyRoute;
import org.orbited.node.orbit.OrbitSettings;
import org.orbited.node.transport.TransportSettings;

class SettingsTest {
    @Test
    void thePackagesDefaultsAreTheConfigurationsDefaults() {
        NodeConfig defaults = NodeConfig.defaults();
        assertThat(Settings.hub(defaults)).isEqualTo(HubSettings.defaults());
        assertThat(Settings.transport(defaults)).isEqualTo(TransportSettings.defaults());
        assertThat(Settings.orbit(defaults)).isEqualTo(new OrbitSettings("127.0.0.1", 9000, 65536, 10000, 1048576,
                1048576, 16777216, 30_000, 67108864, 10000, 16777216));
    }

    @Test
    void everyOrbitLimitIsTakenFromItsKey() {
        NodeConfig c = NodeConfig.builder().opRequestTimeout(Duration.ofSeconds(4)).opMaxPendingBytes(5)
                .opMaxInFlight(6).opMaxInFlightBytes(7).opMaxHead(8).build();

        OrbitSettings s = Settings.orbit(c);

        assertThat(s.requestTimeoutMillis()).isEqualTo(4000);
        assertThat(s.maxPendingBytes()).isEqualTo(5);
        assertThat(s.maxInFlight()).isEqualTo(6);
        assertThat(s.maxInFlightBytes()).isEqualTo(7);
        assertThat(s.maxHead()).isEqualTo(8);
    }

    @Test
    void everyHttpValueIsTakenFromItsKey() {
        NodeConfig c = NodeConfig.builder().httpMaxHead(100).httpMaxPost(200).httpIdleTimeout(Duration.ofSeconds(3))
                .corsOrigins(List.of("https://a.example")).sessionDefaultKey("s").defaultTransport("sse")
                .proxyEnabled(false).proxyKeepalive(false).proxyKeepaliveTimeout(Duration.ofSeconds(7))
                .proxyRules(List.of(new ProxyRule("/app", "h", 81, false), ProxyRule.orbited("/chat"))).build();

        var s = Settings.http(c);

        assertThat(s.maxHead()).isEqualTo(100);
        assertThat(s.maxPost()).isEqualTo(200);
        assertThat(s.idleTimeoutMillis()).isEqualTo(3000);
        assertThat(s.corsOrigins()).containsExactly("https://a.example");
        assertThat(s.defaultSession()).isEqualTo("s");
        assertThat(s.defaultTransport()).isEqualTo("sse");
        assertThat(s.proxyEnabled()).isFalse();
        assertThat(s.proxyKeepalive()).isFalse();
        assertThat(s.proxyKeepaliveTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.proxyRoutes())
                .containsExactly(new ProxyRoute("/app", "h", 81, false), ProxyRoute.orbited("/chat"));
    }
}
