package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.bayeux.wire.BayeuxWs;
import org.orbited.node.testing.RunningNode;

/**
 * The Bayeux endpoint in its default configuration against the real Faye 1.4.3 Node client (issue 9), one client
 * per Node process (one cookie jar each), scripts {@code src/test/cometd-js/faye-*.mjs}.
 *
 * <p>The transports are Faye's: {@code websocket} is Faye's default configuration, which opens its socket before
 * handshaking (so the upgrade carries no cookie), handshakes over HTTP (which sets the cookie in its jar) and then
 * sends everything else over that cookie-less socket; {@code long-polling} is {@code client.disable("websocket")}.
 * The scripts fail on any refusal ({@code successful:false}) or second handshake, which a Faye user sees as a
 * failed subscribe or publish, or lost subscriptions.
 */
class FayeClientTest {
    static final Duration RUN = Duration.ofSeconds(90);

    static String url(RunningNode node) {
        return "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }

    static JsonNode runToSuccess(RunningNode node, String script, String transport, Map<String, ?> params) {
        try (NodeScript s = NodeScripts.start(script, url(node), transport, params)) {
            return s.awaitSuccess(RUN);
        }
    }

    /**
     * What a clean Faye session on {@code transport} looks like on the wire: on websocket, one socket, opened
     * without a cookie and never replaced, carrying the session's messages (the first connects may go over HTTP
     * when the socket opens after the handshake reply); on long-polling, no socket and the jar's cookie on every
     * request after the handshake.
     */
    static void assertFayeWire(JsonNode r, String transport) {
        assertThat(r.path("transport").asText()).as("transport in %s", r).isEqualTo(transport);
        assertThat(r.path("handshakes").asInt()).as("handshakes in %s", r).isEqualTo(1);
        assertThat(r.path("refusals").asInt()).as("refusals in %s", r).isZero();
        if (transport.equals("websocket")) {
            assertThat(r.path("upgrades").size()).as("WebSocket upgrades in %s", r).isEqualTo(1);
            assertThat(r.path("upgrades").get(0).path("cookie").asBoolean()).as("the socket is Faye's cookie-less one: %s", r)
                    .isFalse();
            assertThat(r.path("upgrades").get(0).path("closed").isNull()).as("the socket stayed open: %s", r).isTrue();
            int overSocket = 0;
            for (JsonNode byTransport : r.path("carriedBy")) {
                overSocket += byTransport.path("websocket").asInt();
            }
            assertThat(overSocket).as("messages over the socket: %s", r).isPositive();
        } else {
            assertThat(r.path("upgrades").size()).as("WebSocket upgrades in %s", r).isZero();
            assertThat(r.path("http").path("withCookie").asInt()).as("requests after the handshake with the cookie: %s", r)
                    .isEqualTo(r.path("http").path("messages").asInt()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void roundTrip_ownMessagesComeBackUnchanged(String transport) {
        try (RunningNode node = RunningNode.start()) {
            JsonNode r = runToSuccess(node, "faye-roundtrip.mjs", transport, Map.of());
            assertThat(r.path("received").asInt()).isEqualTo(6);
            assertFayeWire(r, transport);
            if (transport.equals("websocket")) {
                assertThat(r.path("carriedBy").path("publish").path("websocket").asInt())
                        .as("publishes over the socket: %s", r).isEqualTo(6);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void twoFayeClients_200MessagesArriveAllInOrderOnce(String transport) {
        try (RunningNode node = RunningNode.start();
             NodeScript subscriber = NodeScripts.start("faye-subscriber.mjs", url(node), transport, Map.of("count", 200))) {
            subscriber.awaitEvent("ready", Duration.ofSeconds(20));
            JsonNode published = runToSuccess(node, "faye-publisher.mjs", transport, Map.of("count", 200));
            assertFayeWire(published, transport);
            JsonNode r = subscriber.awaitSuccess(RUN);
            assertThat(r.path("received").asInt()).isEqualTo(200);
            assertFayeWire(r, transport);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void fayeAndCometdOnOneChannel_seeEachOthersPublishes(String transport) {
        try (RunningNode node = RunningNode.start();
             NodeScript faye = NodeScripts.start("faye-mixed.mjs", url(node), transport, Map.of());
             NodeScript cometd = NodeScripts.start("cometd-mixed.mjs", url(node), transport, Map.of())) {
            JsonNode f = faye.awaitSuccess(RUN); // first: when the node refuses Faye, its reason is the one to read
            JsonNode c = cometd.awaitSuccess(RUN);
            assertThat(f.path("fromOther").asInt()).as("CometD messages the Faye client got: %s", f).isPositive();
            assertThat(f.path("otherKinds").toString()).as("%s", f).contains("final");
            assertThat(c.path("fromOther").asInt()).as("Faye messages the CometD client got: %s", c).isPositive();
            assertThat(c.path("otherKinds").toString()).as("%s", c).contains("final");
            assertThat(c.path("transport").asText()).isEqualTo(transport);
            assertFayeWire(f, transport);
        }
    }

    /**
     * A Faye session's clientId used from another browser is refused {@code 402::session_unknown}: over HTTP with
     * that browser's cookie or with none, and over a WebSocket whose upgrade carries that browser's cookie. The
     * attempts leave the Faye session alone: it receives the one legitimate message and nothing the attempts sent.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "long-polling"})
    void fayeClientIdFromAnotherBrowser_isRefused(String transport) {
        String channel = "/chat/faye-owned";
        try (RunningNode node = RunningNode.start();
             NodeScript faye = NodeScripts.start("faye-subscriber.mjs", url(node), transport,
                     Map.of("count", 1, "channel", channel))) {
            String fayeId = faye.awaitEvent("ready", Duration.ofSeconds(20)).path("clientId").asText();
            assertThat(fayeId).isNotEmpty();
            ForeignBrowser other = new ForeignBrowser(node.httpPort());
            String otherId = other.handshake();

            String subscribe = "{\"id\":\"s\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/chat/stolen\","
                    + "\"clientId\":\"" + fayeId + "\"}";
            String publish = "{\"id\":\"p\",\"channel\":\"" + channel + "\",\"data\":{\"n\":99},\"clientId\":\"" + fayeId + "\"}";
            String connectLp = "{\"id\":\"c\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                    + "\"clientId\":\"" + fayeId + "\"}";
            String connectWs = "{\"id\":\"c\",\"channel\":\"/meta/connect\",\"connectionType\":\"websocket\","
                    + "\"clientId\":\"" + fayeId + "\"}";

            assertRefused(other.post("[" + subscribe + "]"), "s", "HTTP, the other browser's cookie");
            assertRefused(other.post("[" + publish + "]"), "p", "HTTP, the other browser's cookie");
            assertRefused(other.post("[" + connectLp + "]"), "c", "HTTP, the other browser's cookie");
            assertRefused(other.postWithoutCookie("[" + publish + "]"), "p", "HTTP, no cookie");
            try (BayeuxWs ws = other.socket()) {
                assertRefused(ws.exchange("[" + subscribe + "]"), "s", "WebSocket, the other browser's cookie");
                assertRefused(ws.exchange("[" + publish + "]"), "p", "WebSocket, the other browser's cookie");
                JsonNode connect = assertRefused(ws.exchange("[" + connectWs + "]"), "c", "WebSocket, the other browser's cookie");
                assertThat(connect.path("advice").path("reconnect").asText()).isEqualTo("handshake");
            }

            // The other browser's own session publishes legitimately: the Faye client gets exactly that message.
            ArrayNode own = other.post("[{\"id\":\"o\",\"channel\":\"" + channel + "\",\"data\":{\"n\":0},\"clientId\":\""
                    + otherId + "\"}]");
            assertThat(RawBayeux.reply(own, "o").path("successful")
                    .asBoolean()).as("%s", own).isTrue();
            JsonNode r = faye.awaitSuccess(RUN);
            assertThat(r.path("received").asInt()).isEqualTo(1);
            assertFayeWire(r, transport);
        }
    }

    private static JsonNode assertRefused(ArrayNode batch, String id, String how) {
        JsonNode reply = RawBayeux.reply(batch, id);
        assertThat(reply.path("successful").asBoolean()).as("%s: %s", how, batch).isFalse();
        assertThat(reply.path("error").asText()).as("%s: %s", how, batch).isEqualTo("402::session_unknown");
        return reply;
    }
}
