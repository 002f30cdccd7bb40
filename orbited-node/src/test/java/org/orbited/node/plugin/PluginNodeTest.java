package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;

/** Plugins in a real node: started after the ports are bound, shown in {@code /_/status}, stopped on shutdown. */
class PluginNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeEach
    void reset() {
        LifecycleTestPlugin.reset();
        ThrowingTestPlugin.reset();
        ScopedTestPlugin.reset();
        EchoTestPlugin.reset();
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

    @Test
    void twoInstancesOfOnePluginHaveTheirOwnStatusLines() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(
                "scoped-test", Map.of("nick", "a"),
                "scoped-test.oftc", Map.of("nick", "b", "fail", "1"))))) {
            JsonNode plugins = status(node).get("plugins");

            assertThat(plugins).hasSize(2);
            assertThat(plugins.get(0).get("name").asText()).isEqualTo("scoped-test");
            assertThat(plugins.get(0).get("state").asText()).isEqualTo("STARTED");
            assertThat(plugins.get(1).get("name").asText()).isEqualTo("scoped-test.oftc");
            assertThat(plugins.get(1).get("state").asText()).isEqualTo("FAILED");
            assertThat(ScopedTestPlugin.started().get("scoped-test.oftc").context().options())
                    .isEqualTo(Map.of("nick", "b", "fail", "1"));
        }
    }

    @Test
    void aSectionNameThatBreaksTheGrammarStopsTheNodeNamingIt() {
        assertThatThrownBy(() -> RunningNode.start(b -> b.plugins(Map.of("scoped-test.Bad", Map.of()))))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[plugin:scoped-test.Bad]: 'scoped-test.Bad' is not a valid plugin section name");
    }

    @Test
    void withBayeuxOffAPluginPublishesToOrbitBrowsersAndHearsOrbitApps() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.bayeux(c -> c.enabled(false))
                .plugins(Map.of(EchoTestPlugin.NAME, Map.of())));
             SseClient browser = SseClient.open(node.httpPort(), "/loc?user=a&transport=sse&channel=/chat/room");
             OrbitTestClient app = node.orbit()) {
            browser.awaitMessages(1, WAIT);
            node.awaitConnections("a", "0", "/loc", 1);
            assertThat(node.node().bayeux()).isNull();

            int queued = EchoTestPlugin.context().channels().publish("/chat/room", JSON.readTree("{\"n\":1}"));

            assertThat(queued).isEqualTo(1);
            browser.awaitMessage(m -> m.isEvent() && m.data().equals("{\"n\":1}"), "the plugin's publication", WAIT);

            String id = app.send("{\"from\":\"app\"}", "/chat/room");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            await().atMost(WAIT).until(() -> !EchoTestPlugin.heard().isEmpty());
            PublishedMessage heard = EchoTestPlugin.heard().get(0).message();
            assertThat(heard.channel()).isEqualTo("/chat/room");
            assertThat(heard.origin()).isEqualTo(Origin.ORBIT_APP);
            assertThat(heard.data()).isEqualTo(JSON.readTree("{\"from\":\"app\"}"));
            assertThat(EchoTestPlugin.heard().get(0).thread()).isEqualTo("plugin-echo-test");
        }
    }
}
