package org.orbited.node.bayeux.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.plugin.EchoTestPlugin;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.Origin;

/**
 * A plugin registered through ServiceLoader ({@code echo-test}) behind the real endpoint: it answers a service
 * request to the requester alone with the request's id, hears publications from Bayeux clients and from the
 * Orbit port on its own thread, and sees subscriptions come and go.
 */
class PluginEndToEndTest {
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = RunningNode.start(b -> b.plugins(Map.of(EchoTestPlugin.NAME, Map.of()))
                .bayeux(x -> x.timeoutMillis(3000)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void reset() {
        EchoTestPlugin.reset();
    }

    @Test
    void serviceRequestIsAnsweredToTheRequesterAloneWithItsId() throws Exception {
        BayeuxHttp a = new BayeuxHttp(node.httpPort()).handshake();
        BayeuxHttp other = new BayeuxHttp(node.httpPort()).handshake();
        other.subscribe("/service/echo"); // succeeds, not recorded: never receives a service reply

        JsonNode ack = a.post("[{\"id\":\"8\",\"channel\":\"/service/echo\",\"data\":{\"ping\":1},\"clientId\":\""
                + a.clientId + "\"}]");
        JsonNode published = ack.get(ack.size() - 1);
        assertThat(published.get("successful").asBoolean()).isTrue();
        assertThat(published.get("id").asText()).isEqualTo("8");

        // The answer rides the publish reply when the plugin was quick enough, else the next connect.
        JsonNode reply = ack.size() == 2 ? ack : a.post(a.connectBody(null));
        assertThat(reply.get(0).get("channel").asText()).isEqualTo("/service/echo");
        assertThat(reply.get(0).get("id").asText()).isEqualTo("8");
        assertThat(reply.get(0).get("data")).isEqualTo(BayeuxHttp.JSON.readTree("{\"echo\":{\"ping\":1}}"));

        JsonNode nothing = other.post(other.connectBody("0"));
        assertThat(nothing).hasSize(1);
        assertThat(nothing.get(0).get("channel").asText()).isEqualTo("/meta/connect");
    }

    @Test
    void pluginHearsBayeuxAndOrbitPublicationsOnItsOwnThread() throws Exception {
        BayeuxHttp a = new BayeuxHttp(node.httpPort()).handshake();
        a.post("[{\"channel\":\"/chat/room1\",\"data\":{\"text\":\"from bayeux\"},\"clientId\":\"" + a.clientId + "\"}]");
        try (var app = node.orbit()) {
            app.send("plain text", "/chat/room2");
            assertThat(app.reply()).startsWith("Success");
        }
        a.post("[{\"channel\":\"/other/room\",\"data\":1,\"clientId\":\"" + a.clientId + "\"}]");
        a.post("[{\"channel\":\"/chat/end\",\"data\":2,\"clientId\":\"" + a.clientId + "\"}]");

        // Callbacks run in publication order: once /chat/end is heard, /other/room would have been heard before it.
        await().atMost(10, TimeUnit.SECONDS).until(() -> EchoTestPlugin.heard().stream()
                .anyMatch(h -> h.message().channel().equals("/chat/end")));
        List<EchoTestPlugin.Heard> heard = EchoTestPlugin.heard();
        assertThat(heard).extracting(h -> h.message().channel())
                .containsExactly("/chat/room1", "/chat/room2", "/chat/end");
        assertThat(heard.get(0).message().origin()).isEqualTo(Origin.BAYEUX_CLIENT);
        assertThat(heard.get(0).message().clientId()).isEqualTo(a.clientId);
        assertThat(heard.get(0).message().data().get("text").asText()).isEqualTo("from bayeux");
        assertThat(heard.get(1).message().origin()).isEqualTo(Origin.ORBIT_APP);
        assertThat(heard.get(1).message().data().asText()).isEqualTo("plain text");
        assertThat(heard).allSatisfy(h -> assertThat(h.thread()).isEqualTo("plugin-" + EchoTestPlugin.NAME));
    }

    @Test
    void pluginSeesSubscriptionsAndTheirEnd() throws Exception {
        BayeuxHttp a = new BayeuxHttp(node.httpPort()).handshake();
        a.subscribe("/chat/lobby");
        a.subscribe("/chat/*");
        a.subscribe("/elsewhere");
        a.post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + a.clientId + "\"}]");

        await().atMost(10, TimeUnit.SECONDS).until(() -> EchoTestPlugin.subscriptions().size() >= 4);
        assertThat(EchoTestPlugin.subscriptions()).extracting(e -> e.subscription() + " " + e.subscribed())
                .containsExactlyInAnyOrder("/chat/lobby true", "/chat/* true", "/chat/lobby false", "/chat/* false");
        assertThat(EchoTestPlugin.subscriptions().get(0).remaining()).isEqualTo(1);
        assertThat(EchoTestPlugin.subscriptions()).allSatisfy(e -> assertThat(e.clientId()).isEqualTo(a.clientId));
    }
}
