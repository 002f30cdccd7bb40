package org.orbited.node.bayeux.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/** The endpoint in the node's lifecycle: status counters and graceful shutdown. */
class BayeuxLifecycleTest {

    @Test
    void statusCountsSessionsSubscriptionsAndMessages() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.bayeux(x -> x.timeoutMillis(2000)))) {
            BayeuxHttp a = new BayeuxHttp(node.httpPort()).handshake();
            a.subscribe("/chat/room1");
            a.subscribe("/chat/**");

            JsonNode status = BayeuxHttp.JSON.readTree(BayeuxHttp.get(node.httpPort(), "/_/status"));
            JsonNode b = status.get("bayeux");
            assertThat(b.get("sessions").asInt()).isEqualTo(1);
            assertThat(b.get("subscriptions").asInt()).isEqualTo(2);
            assertThat(b.get("channels").asInt()).isEqualTo(2);
            assertThat(b.get("messages_in_total").asLong()).isEqualTo(4);
            assertThat(b.get("messages_out_total").asLong()).isEqualTo(4);
            String metrics = BayeuxHttp.get(node.httpPort(), "/_/metrics");
            assertThat(metrics).contains("orbited_bayeux_sessions 1.0").contains("orbited_bayeux_messages_in_total 4.0");
        }
    }

    @Test
    void shutdownTellsAParkedConnectToHandshakeAgain() throws Exception {
        RunningNode node = RunningNode.start(b -> b.bayeux(x -> x.timeoutMillis(20_000)));
        BayeuxHttp a = new BayeuxHttp(node.httpPort()).handshake();
        CompletableFuture<HttpResponse<String>> parked = a.postAsync(a.connectBody(null));
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> node.node().bayeux().parkedConnects() == 1);

        node.close();

        JsonNode reply = BayeuxHttp.JSON.readTree(parked.get(10, TimeUnit.SECONDS).body());
        assertThat(reply.get(0).get("channel").asText()).isEqualTo("/meta/connect");
        // CometD clients act on reconnect:handshake only in an unsuccessful reply.
        assertThat(reply.get(0).get("successful").asBoolean()).isFalse();
        assertThat(reply.get(0).get("error").asText()).isEqualTo("402::session_unknown");
        assertThat(reply.get(0).get("advice").get("reconnect").asText()).isEqualTo("handshake");
    }
}
