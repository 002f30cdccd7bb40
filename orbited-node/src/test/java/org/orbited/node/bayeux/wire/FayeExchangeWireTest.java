package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.bayeux.wire.HttpReply.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.RunningNode;

/**
 * The Faye 1.4.3 Node client's exchange replayed without Faye (issue 9; FayeClientTest runs the real client):
 * it opens its WebSocket before handshaking, so the upgrade carries no cookie; it handshakes over HTTP
 * long-polling, which sets the {@code BAYEUX_BROWSER} cookie; then it sends {@code /meta/connect} and the rest
 * over the cookie-less socket, one message per frame. That socket must carry the session. A socket whose cookie
 * names another browser must not, and HTTP keeps requiring the session's own cookie (bayeux.md section 7).
 */
class FayeExchangeWireTest {
    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.bayeux(x -> x.timeoutMillis(1000)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** Faye's handshake, byte for byte (POSTed to the endpoint itself, offering its three Node transports). */
    private static String fayeHandshake() {
        return "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"in-process\","
                + "\"websocket\",\"long-polling\"],\"id\":\"1\"}]";
    }

    /** Handshakes as Faye does (which sets the browser's cookie); returns the clientId. */
    private static String handshakeLikeFaye(BayeuxBrowser browser) {
        HttpReply r = browser.post("/cometd", fayeHandshake());
        String clientId = BayeuxBrowser.successful(r, "/meta/handshake").path("clientId").asText();
        assertThat(browser.cookie("BAYEUX_BROWSER")).as("the handshake set the cookie: %s", r.headers()).isNotNull();
        return clientId;
    }

    private static String connect(String clientId, String id) {
        return "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId + "\",\"connectionType\":\"websocket\",\"id\":\""
                + id + "\"}]";
    }

    private static String subscribe(String clientId, String channel, String id) {
        return "[{\"channel\":\"/meta/subscribe\",\"clientId\":\"" + clientId + "\",\"subscription\":\"" + channel
                + "\",\"id\":\"" + id + "\"}]";
    }

    private static String publish(String clientId, String channel, String data, String id) {
        return "[{\"channel\":\"" + channel + "\",\"data\":" + data + ",\"clientId\":\"" + clientId + "\",\"id\":\"" + id
                + "\"}]";
    }

    /**
     * Reads frames until there is a reply for each of {@code ids} and {@code deliveries} deliveries (at most 20
     * frames, each within {@link BayeuxBrowser#WAIT}); returns the replies by id, the deliveries under "delivery:n".
     */
    private static Map<String, JsonNode> read(BayeuxWs ws, List<String> ids, int deliveries) {
        Map<String, JsonNode> got = new LinkedHashMap<>();
        List<JsonNode> seen = new ArrayList<>();
        int d = 0;
        for (int frames = 0; frames < 20 && !(got.keySet().containsAll(ids) && d >= deliveries); frames++) {
            List<JsonNode> frame;
            try {
                frame = ws.nextMessages();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; frames so far: " + seen, e);
            }
            for (JsonNode m : frame) {
                seen.add(m);
                if (m.has("successful")) {
                    got.put(m.path("id").asText(), m);
                } else if (m.has("data")) {
                    got.put("delivery:" + d++, m);
                }
            }
        }
        assertThat(got.keySet()).as("frames: %s", seen).containsAll(ids);
        return got;
    }

    @Test
    void aCookieLessSocketOpenedBeforeAnHttpHandshake_carriesThatSession() {
        BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            String clientId = handshakeLikeFaye(browser);
            ws.send(connect(clientId, "2"));
            ws.send(subscribe(clientId, "/faye/replay", "3"));
            ws.send(publish(clientId, "/faye/replay", "{\"text\":\"over the cookie-less socket ✓\"}", "4"));

            Map<String, JsonNode> got = read(ws, List.of("2", "3", "4"), 1);
            assertThat(got.get("3")).isEqualTo(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"3\","
                    + "\"subscription\":\"/faye/replay\",\"successful\":true}"));
            assertThat(got.get("4")).isEqualTo(parse("{\"channel\":\"/faye/replay\",\"id\":\"4\",\"successful\":true}"));
            assertThat(got.get("delivery:0")).isEqualTo(parse("{\"data\":{\"text\":\"over the cookie-less socket ✓\"},"
                    + "\"channel\":\"/faye/replay\"}"));
            assertThat(got.get("2").path("successful").asBoolean()).as("connect reply %s", got.get("2")).isTrue();

            // Held connects go on over the same socket.
            ws.send(connect(clientId, "5"));
            assertThat(read(ws, List.of("5"), 0).get("5").path("successful").asBoolean()).isTrue();
        }
    }

    /** A cookie that names another browser: a real one (its own handshake) or one the node never issued. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"another browser", "an unknown browser"})
    void aSocketWhoseCookieNamesAnotherBrowser_isRefused(String whose) {
        BayeuxBrowser owner = new BayeuxBrowser(node.httpPort());
        String clientId = handshakeLikeFaye(owner);
        String cookie;
        if (whose.equals("another browser")) {
            BayeuxBrowser other = new BayeuxBrowser(node.httpPort());
            handshakeLikeFaye(other);
            cookie = other.cookie("BAYEUX_BROWSER");
        } else {
            cookie = "zzzzzzzzzzzzzzzz";
        }
        assertThat(cookie).isNotEqualTo(owner.cookie("BAYEUX_BROWSER"));
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", "BAYEUX_BROWSER=" + cookie)) {
            ws.send(connect(clientId, "2"));
            assertThat(ws.nextMessages()).containsExactly(parse("{\"advice\":{\"interval\":0,\"reconnect\":\"handshake\"},"
                    + "\"channel\":\"/meta/connect\",\"id\":\"2\",\"error\":\"402::session_unknown\",\"successful\":false}"));
            ws.send(subscribe(clientId, "/faye/stolen", "3"));
            assertThat(ws.nextMessages()).containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"3\","
                    + "\"subscription\":\"/faye/stolen\",\"error\":\"402::session_unknown\",\"successful\":false}"));
            ws.send(publish(clientId, "/faye/stolen", "1", "4"));
            assertThat(ws.nextMessages()).containsExactly(parse("{\"channel\":\"/faye/stolen\",\"id\":\"4\","
                    + "\"error\":\"402::session_unknown\",\"successful\":false}"));
        }
        // The refusals did not end the session: its own browser goes on using it.
        owner.subscribe(clientId, "/faye/mine");
    }

    @Test
    void afterACookieLessSocketTookTheSession_httpStillRequiresTheSessionsCookie() {
        BayeuxBrowser owner = new BayeuxBrowser(node.httpPort());
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            String clientId = handshakeLikeFaye(owner);
            ws.send(connect(clientId, "2"));
            ws.send(subscribe(clientId, "/faye/adopted", "3"));
            assertThat(read(ws, List.of("3"), 0).get("3")).isEqualTo(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"3\","
                    + "\"subscription\":\"/faye/adopted\",\"successful\":true}"));

            BayeuxBrowser noCookie = new BayeuxBrowser(node.httpPort());
            HttpReply bare = noCookie.post(subscribe(clientId, "/faye/stolen", "4"));
            assertThat(bare.reply("/meta/subscribe").path("error").asText()).as(bare.body()).isEqualTo("402::session_unknown");

            BayeuxBrowser other = new BayeuxBrowser(node.httpPort());
            handshakeLikeFaye(other);
            HttpReply foreign = other.post(publish(clientId, "/faye/adopted", "1", "5"));
            assertThat(foreign.reply("/faye/adopted").path("error").asText()).as(foreign.body())
                    .isEqualTo("402::session_unknown");

            ws.send(publish(clientId, "/faye/adopted", "{\"from\":\"owner\"}", "6"));
            Map<String, JsonNode> got = read(ws, List.of("6"), 1);
            assertThat(got.get("6").path("successful").asBoolean()).as("%s", got).isTrue();
            assertThat(got.get("delivery:0").path("data")).as("the refused publish never reached the session: %s", got)
                    .isEqualTo(parse("{\"from\":\"owner\"}"));
        }
    }

    /**
     * Faye's race seen in CI: its socket came up just after the handshake reply, so its first connect went over HTTP
     * (with the cookie), and only its subscribe over the cookie-less socket. That socket must still take the session.
     */
    @Test
    void aFirstConnectOverHttpDoesNotKeepTheCookieLessSocketOut() {
        BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            String clientId = handshakeLikeFaye(browser);
            HttpReply first = browser.post("/cometd", "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId
                    + "\",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0},\"id\":\"2\"}]");
            BayeuxBrowser.successful(first, "/meta/connect");
            ws.send(subscribe(clientId, "/faye/race", "3"));
            JsonNode reply = read(ws, List.of("3"), 0).get("3");
            assertThat(reply.path("successful").asBoolean()).as("%s", reply).isTrue();
        }
    }
}
