package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.RunningNode;

/**
 * {@code cometd.remoteCall("/echo", {ping: 1}, 5000, cb)} from the CometD JavaScript client against the test-only
 * {@code echo-test} plugin, which answers {@code /service/echo} with {@code {"echo": <data>}} to the caller alone.
 * The client completes the call with the first message carrying {@code data} and the request's {@code id}; a
 * reply without the id never completes it (the call then fails with {@code 406::timeout}).
 *
 * <p>The plugin is {@link org.orbited.node.plugin.EchoTestPlugin} (test class path, started only when configured).
 */
class JsClientServiceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void remoteCall_echoReplyMatchedByIdCarriesTheData(String transport) throws Exception {
        try (RunningNode node = RunningNode.start(b -> JsClientConformanceTest.NODE.apply(b)
                .plugins(Map.of("echo-test", Map.of())))) {
            JsonNode r = JsClientConformanceTest.runToSuccess(node, "remotecall.mjs", transport, Map.of());
            assertThat(r.path("reply").path("data")).isEqualTo(NodeScripts.JSON.readTree("{\"echo\":{\"ping\":1}}"));
            assertThat(r.path("reply").path("successful").asBoolean(false)).isTrue();
        }
    }
}
