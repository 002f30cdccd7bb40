package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.RunningNode;

/**
 * The Bayeux endpoint against the real CometD JavaScript client 9.0.0 in Node 20 (bayeux.md sections 12, 14).
 * Every client is its own Node process running a scenario of {@code src/test/cometd-js}; the transport is pinned
 * by unregistering the others. Each process has its own hard timeout and is killed by the test after
 * {@link #RUN}; a failure message holds the script's stdout and stderr (its wire log).
 */
class JsClientConformanceTest {
    static final Duration RUN = Duration.ofSeconds(90);
    static final UnaryOperator<NodeConfig.Builder> NODE = b -> b.bayeux(x -> x.timeoutMillis(3000));

    static String url(RunningNode node) {
        return "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }

    static JsonNode runToSuccess(RunningNode node, String script, String transports, Map<String, ?> params) {
        try (NodeScript s = NodeScripts.start(script, url(node), transports, params)) {
            return s.awaitSuccess(RUN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void ownMessagesComeBackUnchanged_unicodeNestingAnd100KB(String transport) {
        try (RunningNode node = RunningNode.start(NODE)) {
            JsonNode r = runToSuccess(node, "roundtrip.mjs", transport, Map.of());
            assertThat(r.path("transport").asText()).isEqualTo(transport);
            assertThat(r.path("received").asInt()).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "subscriber {0}, publisher {1}")
    @CsvSource({"websocket,long-polling", "long-polling,websocket", "websocket,websocket", "long-polling,long-polling"})
    void twoClients_hundredMessagesArriveAllInOrderOnce(String subscriberTransport, String publisherTransport) {
        try (RunningNode node = RunningNode.start(NODE);
             NodeScript a = NodeScripts.start("subscriber.mjs", url(node), subscriberTransport, Map.of("count", 100))) {
            a.awaitEvent("ready", Duration.ofSeconds(20));
            JsonNode published = runToSuccess(node, "publisher.mjs", publisherTransport, Map.of("count", 100));
            assertThat(published.path("transport").asText()).isEqualTo(publisherTransport);
            JsonNode r = a.awaitSuccess(RUN);
            assertThat(r.path("transport").asText()).isEqualTo(subscriberTransport);
            assertThat(r.path("received").asInt()).isEqualTo(100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void batch_subscribeAndPublishInOneRequest(String transport) {
        try (RunningNode node = RunningNode.start(NODE)) {
            JsonNode r = runToSuccess(node, "batch.mjs", transport, Map.of());
            assertThat(r.path("replies").path("subscribe").path("successful").asBoolean()).isTrue();
            assertThat(r.path("replies").path("publish").path("successful").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void wildcards_oneAndManySegments(String transport) {
        try (RunningNode node = RunningNode.start(NODE)) {
            JsonNode r = runToSuccess(node, "wildcards.mjs", transport, Map.of());
            assertThat(r.path("wire1").toString()).as("deliveries for /chat/*").isEqualTo("[\"/chat/a\"]");
            assertThat(r.path("wire2").toString()).as("deliveries for /chat/* and /chat/**")
                    .isEqualTo("[\"/chat/a\",\"/chat/a/b\"]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void ackExtension_200MessagesInOrderNoneLost(String transport) {
        try (RunningNode node = RunningNode.start(NODE)) {
            JsonNode r = runToSuccess(node, "ack.mjs", transport, Map.of("count", 200));
            assertThat(r.path("received").asInt()).isEqualTo(200);
            assertThat(r.path("connectReplyAcks").size()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void ackExtension_subscriberInAnotherProcess(String transport) {
        try (RunningNode node = RunningNode.start(NODE);
             NodeScript a = NodeScripts.start("subscriber.mjs", url(node), transport,
                     Map.of("count", 200, "ack", true, "channel", "/chat/acked"))) {
            a.awaitEvent("ready", Duration.ofSeconds(20));
            runToSuccess(node, "publisher.mjs", "long-polling", Map.of("count", 200, "channel", "/chat/acked"));
            assertThat(a.awaitSuccess(RUN).path("received").asInt()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void timesyncExtension_offsetAndLagAreNumbers(String transport) {
        try (RunningNode node = RunningNode.start(NODE)) {
            JsonNode r = runToSuccess(node, "timesync.mjs", transport, Map.of());
            assertThat(r.path("offset").isNumber()).as("offset in %s", r).isTrue();
            assertThat(r.path("lag").isNumber()).as("lag in %s", r).isTrue();
            assertThat(r.path("timesyncReplies").asInt()).isPositive();
        }
    }

    @Test
    void websocketRefused_clientFallsBackToLongPolling() {
        try (RunningNode node = RunningNode.start(b -> NODE.apply(b)
                .bayeux(x -> x.transports(List.of("long-polling", "callback-polling"))))) {
            JsonNode r = runToSuccess(node, "roundtrip.mjs", "websocket,long-polling",
                    Map.of("expectTransport", "long-polling"));
            assertThat(r.path("transport").asText()).isEqualTo("long-polling");
            assertThat(r.path("wsConnects").asInt()).as("the client tried websocket first: %s", r).isPositive();
            assertThat(r.path("attempts").get(0).path("successful").asBoolean()).as("first handshake attempt: %s", r)
                    .isFalse();
            assertThat(r.path("received").asInt()).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void serverRestart_clientRehandshakesResubscribesAndGetsTheNextMessageOnce(String transport) throws IOException {
        RunningNode[] node = {RunningNode.start(NODE)};
        int port = node[0].httpPort();
        try (NodeScript a = NodeScripts.start("restart.mjs", url(node[0]), transport, Map.of("expect", 1))) {
            a.awaitEvent("ready", Duration.ofSeconds(20));
            node[0].close();
            node[0] = RunningNode.start(port, NODE);
            long restarted = System.nanoTime();
            JsonNode resubscribed = a.awaitEvent("resubscribed", Duration.ofSeconds(20));
            assertThat(resubscribed.path("transport").asText()).isEqualTo(transport);
            long reconnectMillis = (System.nanoTime() - restarted) / 1_000_000;
            runToSuccess(node[0], "publisher.mjs", "long-polling",
                    Map.of("count", 1, "channel", "/chat/restart", "extra", Map.of("after", "restart")));
            JsonNode r = a.awaitSuccess(RUN);
            assertThat(r.path("received")).as("reconnected %d ms after the restart", reconnectMillis)
                    .isEqualTo(NodeScripts.JSON.readTree("[{\"n\":0,\"after\":\"restart\"}]"));
        } finally {
            node[0].close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void disconnect_callbackSuccessfulAndProcessExitsByItself(String transport) {
        try (RunningNode node = RunningNode.start(NODE);
             NodeScript s = NodeScripts.start("disconnect.mjs", url(node), transport, Map.of())) {
            JsonNode d = s.awaitEvent("disconnected", Duration.ofSeconds(30));
            assertThat(d.path("reply").path("successful").asBoolean()).isTrue();
            assertThat(s.awaitSuccess(Duration.ofSeconds(15)).path("transport").asText()).isEqualTo(transport);
        }
    }

    /** The harness itself: a script against a port with nothing listening fails fast with the reason. */
    @Test
    void harness_reportsAConnectionFailureCleanly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (NodeScript s = NodeScripts.start("roundtrip.mjs", "http://127.0.0.1:" + port + "/cometd", "long-polling",
                Map.of("handshakeMillis", 1500))) {
            assertThat(s.awaitExit(Duration.ofSeconds(20))).as(s.describe()).isEqualTo(1);
            assertThat(s.result().path("ok").asBoolean(true)).isFalse();
            assertThat(s.result().path("reason").asText()).contains("successful handshake").contains("ECONNREFUSED");
            assertThat(s.describe()).contains("--- wire log").contains("/cometd/handshake");
        }
    }
}
