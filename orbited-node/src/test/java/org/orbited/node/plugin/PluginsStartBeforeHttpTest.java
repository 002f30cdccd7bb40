package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * The node starts its plugins before it opens the HTTP port: a browser that connects the moment the port accepts
 * finds every plugin started (its channels claimed, its services and policies in place), never a half-started node
 * that refuses {@code /irc/**} as unclaimed.
 */
class PluginsStartBeforeHttpTest {

    @Test
    void theHttpPortIsClosedWhilePluginsStartAndOpenAfterwards() throws Exception {
        StartProbeTestPlugin.reset();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (RunningNode node = RunningNode.start(port, b -> b.plugins(
                Map.of(StartProbeTestPlugin.NAME, Map.of("probe.port", Integer.toString(port)))))) {
            assertThat(StartProbeTestPlugin.probes()).containsExactly("refused");
            assertThat(node.httpPort()).isEqualTo(port);
            java.net.http.HttpResponse<String> status = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/_/status"))
                            .timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains(StartProbeTestPlugin.NAME).contains("STARTED");
        }
    }
}
