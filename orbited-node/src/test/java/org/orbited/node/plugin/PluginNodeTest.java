package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/** Plugins in a real node: started after the ports are bound, shown in {@code /_/status}, stopped on shutdown. */
class PluginNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void reset() {
        LifecycleTestPlugin.reset();
        ThrowingTestPlugin.reset();
    }

    private static JsonNode status(RunningNode node) throws Exception {
        try (RawHttp h = RawHttp.send(node.httpPort(), "GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            String response = h.awaitClose();
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
            return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    @Test
    void theNodeStartsItsPluginsReportsThemAndStopsThemOnShutdown() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(
                LifecycleTestPlugin.NAME, Map.of("greeting", "hello"),
                ThrowingTestPlugin.NAME, Map.of())))) {
            assertThat(LifecycleTestPlugin.options()).isEqualTo(Map.of("greeting", "hello"));

            JsonNode plugins = status(node).get("plugins");

            assertThat(plugins).hasSize(2);
            assertThat(plugins.get(0).get("name").asText()).isEqualTo(LifecycleTestPlugin.NAME);
            assertThat(plugins.get(0).get("state").asText()).isEqualTo("STARTED");
            assertThat(plugins.get(0).get("dropped_tasks").asLong()).isZero();
            assertThat(plugins.get(0).has("failure")).isFalse();
            assertThat(plugins.get(1).get("name").asText()).isEqualTo(ThrowingTestPlugin.NAME);
            assertThat(plugins.get(1).get("state").asText()).isEqualTo("FAILED");
            assertThat(plugins.get(1).get("failure").asText()).startsWith("start threw");
        }
        assertThat(LifecycleTestPlugin.events()).containsExactly("start on plugin-lifecycle-test",
                "stop on plugin-lifecycle-test");
        assertThat(ThrowingTestPlugin.events()).containsExactly("start");
    }

    @Test
    void withoutPluginsTheStatusListsNone() throws Exception {
        try (RunningNode node = RunningNode.start()) {
            assertThat(status(node).get("plugins")).isEmpty();
        }
    }

    @Test
    void anUnknownPluginStopsTheNodeFromStartingAndFreesItsPorts() throws Exception {
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            httpPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> RunningNode.start(b -> b.httpPort(httpPort).plugins(Map.of("irc", Map.of()))))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[plugin:irc] is active, but no plugin on the class path is named 'irc'")
                .hasMessageContaining("lifecycle-test");
        try (RunningNode again = RunningNode.start(b -> b.httpPort(httpPort))) {
            assertThat(again.httpPort()).isEqualTo(httpPort);
        }
    }
}
