package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.RunningNode;

/**
 * Publication order is the order every subscriber receives (issue 9), with the real CometD JavaScript client 9.0.0
 * in Node over each transport: {@code order.mjs} subscribes, publishes {@code {n: 0..999}} and an end marker, and
 * fails (exit 1, with the first wrong index and the values around it in its result line) unless it received
 * exactly that sequence. The client queues its requests (one outstanding besides the connect), so even unawaited
 * batches have a defined publication order here. Each process is killed after {@link #RUN} at the latest; the
 * script's own hard timeout (150 s) comes first and leaves its wire log.
 */
class JsClientOrderTest {
    static final int COUNT = 1000;
    static final Duration RUN = Duration.ofSeconds(180);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void thousandPublishesEachAwaitingItsReply_thePublisherReceivesAllInOrderOnce(String transport) {
        try (RunningNode node = RunningNode.start(JsClientConformanceTest.NODE);
             NodeScript s = NodeScripts.start("order.mjs", JsClientConformanceTest.url(node), transport,
                     Map.of("count", COUNT, "mode", "awaited"))) {
            JsonNode r = s.awaitSuccess(RUN);
            assertThat(r.path("transport").asText()).isEqualTo(transport);
            assertThat(r.path("received").asInt()).isEqualTo(COUNT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void hundredBatchesOfTenNotAwaitingReplies_thePublisherReceivesAllInOrderOnce(String transport) {
        try (RunningNode node = RunningNode.start(JsClientConformanceTest.NODE);
             NodeScript s = NodeScripts.start("order.mjs", JsClientConformanceTest.url(node), transport,
                     Map.of("count", COUNT, "mode", "batched", "perBatch", 10))) {
            JsonNode r = s.awaitSuccess(RUN);
            assertThat(r.path("transport").asText()).isEqualTo(transport);
            assertThat(r.path("received").asInt()).isEqualTo(COUNT);
        }
    }

    /**
     * Two processes (two cookie jars) on different transports: the publisher checks its own copies, the other
     * process checks the copies it receives. The existing two-process test sends 100 messages without awaiting
     * replies; this one sends 1,000, each after the previous reply, as in the issue.
     */
    @ParameterizedTest(name = "receiver {0}, publisher {1}")
    @CsvSource({"websocket,long-polling", "long-polling,websocket"})
    void twoProcesses_thousandAwaitedPublishes_bothReceiveAllInOrderOnce(String receiverTransport,
                                                                        String publisherTransport) {
        try (RunningNode node = RunningNode.start(JsClientConformanceTest.NODE);
             NodeScript receiver = NodeScripts.start("order.mjs", JsClientConformanceTest.url(node),
                     receiverTransport, Map.of("count", COUNT, "mode", "none", "channel", "/order/pair"));
             NodeScript publisher = startWhenReady(receiver, node, publisherTransport)) {
            JsonNode published = publisher.awaitSuccess(RUN);
            JsonNode received = receiver.awaitSuccess(RUN);
            assertThat(published.path("transport").asText()).isEqualTo(publisherTransport);
            assertThat(published.path("received").asInt()).isEqualTo(COUNT);
            assertThat(received.path("transport").asText()).isEqualTo(receiverTransport);
            assertThat(received.path("received").asInt()).isEqualTo(COUNT);
        }
    }

    private static NodeScript startWhenReady(NodeScript receiver, RunningNode node, String transport) {
        receiver.awaitEvent("ready", Duration.ofSeconds(20));
        return NodeScripts.start("order.mjs", JsClientConformanceTest.url(node), transport,
                Map.of("count", COUNT, "mode", "awaited", "channel", "/order/pair"));
    }
}
