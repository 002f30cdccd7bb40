package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.successful;
import static org.orbited.node.bayeux.wire.HttpReply.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.bayeux.BayeuxServerProbe;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The websocket transport on the wire (bayeux.md 4.3): the handshake as the first frame, one JSON array per frame,
 * deliveries in frames of their own, connects as heartbeats, clean HTTP refusals before any {@code 101}, and
 * sessions bound to their socket or browser cookie.
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class BayeuxWebSocketWireTest {
    @Parameter
    String io;

    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-z]{26}");

    private static RunningNode node;

    /** Each test of a transport this machine cannot run is skipped with Netty's reason. */
    @BeforeEach
    void onlyWhereItRuns() {
        IoTransports.assumeAvailable(io);
    }

    @BeforeParameterizedClassInvocation
    static void startNode(String io) {
        if (!IoTransports.available(io)) {
            return; // every test is skipped with the reason (onlyWhereItRuns)
        }
        node = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(1000)));
    }

    @AfterParameterizedClassInvocation
    static void stopNode() {
        if (node != null) { // null when this transport was skipped
            node.close();
            node = null;
        }
    }

    private static String handshake(String id) {
        return "[{\"id\":\"" + id + "\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\",\"channel\":\"/meta/handshake\","
                + "\"supportedConnectionTypes\":[\"websocket\"],\"advice\":{\"timeout\":60000,\"interval\":0}}]";
    }

    /** Handshakes over {@code ws}; returns the clientId. */
    private static String handshakeOver(BayeuxWs ws) {
        ws.send(handshake("1"));
        List<JsonNode> frame = ws.nextMessages();
        assertThat(frame).hasSize(1);
        assertThat(frame.get(0).path("successful").asBoolean()).as("%s", frame).isTrue();
        return frame.get(0).path("clientId").asText();
    }

    private static String upgrade(int port, String path, String... extraHeaders) {
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            r.append(h).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    @Test
    void theHandshakeIsTheFirstFrameAndItsReplyAFrame() {
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            ws.send(handshake("h1"));
            List<JsonNode> frame = ws.nextMessages();
            assertThat(frame).hasSize(1);
            JsonNode reply = frame.get(0);
            assertThat(reply.path("channel").asText()).isEqualTo("/meta/handshake");
            assertThat(reply.path("successful").asBoolean()).isTrue();
            assertThat(reply.path("id").asText()).isEqualTo("h1");
            assertThat(reply.path("version").asText()).isEqualTo("1.0");
            assertThat(reply.path("clientId").asText()).matches(CLIENT_ID);
            assertThat(reply.get("supportedConnectionTypes"))
                    .isEqualTo(parse("[\"websocket\",\"long-polling\",\"callback-polling\"]"));
            assertThat(reply.get("advice")).isEqualTo(parse("{\"interval\":0,\"timeout\":1000,\"reconnect\":\"retry\"}"));
        }
    }

    @Test
    void aBatchIsAnsweredInOneFrameAndTheDeliveryComesInItsOwn() {
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            String clientId = handshakeOver(ws);
            ws.send("[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/chat/room1\",\"clientId\":\""
                    + clientId + "\"},{\"id\":\"3\",\"channel\":\"/chat/room1\",\"data\":{\"text\":\"over websocket\"},"
                    + "\"clientId\":\"" + clientId + "\"}]");
            JsonNode replies = parse("[{\"channel\":\"/meta/subscribe\",\"id\":\"2\",\"subscription\":\"/chat/room1\","
                    + "\"successful\":true},{\"channel\":\"/chat/room1\",\"id\":\"3\",\"successful\":true}]");
            JsonNode delivery = parse("[{\"data\":{\"text\":\"over websocket\"},\"channel\":\"/chat/room1\"}]");
            JsonNode first = parse(ws.next());
            JsonNode second = parse(ws.next());
            assertThat(List.of(first, second)).containsExactlyInAnyOrder(replies, delivery);
        }
    }

    @Test
    void aConnectWithTimeoutZeroIsAnsweredAtOnceAndALaterOneAfterTheTimeout() {
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd")) {
            String clientId = handshakeOver(ws);
            ws.send("[{\"id\":\"4\",\"channel\":\"/meta/connect\",\"connectionType\":\"websocket\","
                    + "\"advice\":{\"timeout\":0},\"clientId\":\"" + clientId + "\"}]");
            // Sent behind the connect: were the connect held for the timeout, this reply would come first.
            ws.send("[{\"id\":\"5\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/beat\",\"clientId\":\""
                    + clientId + "\"}]");
            List<JsonNode> first = ws.nextMessages();
            assertThat(first).as("the connect answered at once, before the subscribe sent behind it")
                    .containsExactly(parse("{\"advice\":{\"interval\":0,\"timeout\":1000,\"reconnect\":\"retry\"},"
                    + "\"channel\":\"/meta/connect\",\"id\":\"4\",\"successful\":true}"));
            assertThat(ws.nextMessages().get(0).path("successful").asBoolean()).isTrue();
            BayeuxBrowser other = new BayeuxBrowser(node.httpPort());
            String publisher = other.connected();
            ws.send("[{\"id\":\"6\",\"channel\":\"/meta/connect\",\"connectionType\":\"websocket\",\"clientId\":\""
                    + clientId + "\"}]");
            // While the connect is held, a delivery does not wait for it.
            other.publish(publisher, "/beat", "\"not held back\"");
            assertThat(ws.nextMessages()).as("the delivery, before the held connect's reply")
                    .containsExactly(parse("{\"data\":\"not held back\",\"channel\":\"/beat\"}"));

            // Held past the delivery, then answered by the 1 s timeout: no advice, nothing else (bounded read).
            List<JsonNode> held = ws.nextMessages();
            assertThat(held).containsExactly(parse("{\"channel\":\"/meta/connect\",\"id\":\"6\",\"successful\":true}"));
        }
    }

    @Test
    void withWebSocketDisabledTheUpgradeGetsACleanHttpErrorAndHandshakesDoNotOfferIt() {
        try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(1000)
                .transports(List.of("long-polling", "callback-polling"))))) {
            String response;
            try (RawHttp raw = RawHttp.send(n.httpPort(), upgrade(n.httpPort(), "/cometd"))) {
                response = raw.awaitClose(BayeuxBrowser.WAIT);
            }
            assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("101");
            assertThat(response.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n");
            assertThat(response).endsWith("\r\n\r\nBayeux transport not enabled: websocket\n");

            BayeuxBrowser b = new BayeuxBrowser(n.httpPort());
            HttpReply r = b.post(b.handshakeJson("[\"websocket\",\"long-polling\"]", null));
            assertThat(successful(r, "/meta/handshake").get("supportedConnectionTypes"))
                    .isEqualTo(parse("[\"long-polling\",\"callback-polling\"]"));
            HttpReply onlyWs = b.post(b.handshakeJson("[\"websocket\"]", null));
            JsonNode refused = onlyWs.reply("/meta/handshake");
            assertThat(refused.path("successful").asBoolean(true)).isFalse();
            assertThat(refused.path("error").asText()).isEqualTo("301::connection_type_unsupported");
        }
    }

    @Test
    void anUpgradeFromAForeignOriginIsRefusedWith403() {
        String response;
        try (RawHttp raw = RawHttp.send(node.httpPort(), upgrade(node.httpPort(), "/cometd",
                "Origin: https://evil.example"))) {
            response = raw.awaitClose(BayeuxBrowser.WAIT);
        }
        assertThat(response).startsWith("HTTP/1.1 403 ").doesNotContain("101 Switching");
        assertThat(response.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n");
    }

    @Test
    void anUpgradeFromTheNodesOwnOriginIsAccepted() {
        try (RawHttp raw = RawHttp.send(node.httpPort(), upgrade(node.httpPort(), "/cometd/",
                "Origin: http://127.0.0.1:" + node.httpPort()))) {
            assertThat(raw.awaitText("\r\n\r\n")).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        }
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd", "Origin", "http://127.0.0.1:" + node.httpPort())) {
            assertThat(handshakeOver(ws)).matches(CLIENT_ID);
        }
    }

    @Test
    void aSessionIsUsableFromAnotherSocketOnlyWithItsBrowserCookie() {
        BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
        browser.handshake();
        String cookie = "BAYEUX_BROWSER=" + browser.cookie("BAYEUX_BROWSER");
        try (BayeuxWs home = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", cookie);
             BayeuxWs stranger = BayeuxWs.open(node.httpPort(), "/cometd");
             BayeuxWs sameBrowser = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", cookie)) {
            String clientId = handshakeOver(home);
            String subscribe = "[{\"id\":\"9\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/bound\",\"clientId\":\""
                    + clientId + "\"}]";

            stranger.send(subscribe);
            assertThat(stranger.nextMessages()).containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"9\","
                    + "\"subscription\":\"/bound\",\"error\":\"402::session_unknown\",\"successful\":false}"));

            sameBrowser.send(subscribe);
            assertThat(sameBrowser.nextMessages()).containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"9\","
                    + "\"subscription\":\"/bound\",\"successful\":true}"));
        }
    }

    @Test
    void aCookieLessSocketAdoptsASessionOnlyWhileNoOtherSocketOfItIsOpen() {
        String clientId;
        String subscribe;
        try (BayeuxWs home = BayeuxWs.open(node.httpPort(), "/cometd");
             BayeuxWs stranger = BayeuxWs.open(node.httpPort(), "/cometd")) {
            clientId = handshakeOver(home);
            subscribe = "[{\"id\":\"9\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/adopted\",\"clientId\":\""
                    + clientId + "\"}]";
            stranger.send(subscribe);
            assertThat(stranger.nextMessages()).as("refused while the session's own socket is open")
                    .containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"9\",\"subscription\":\"/adopted\","
                            + "\"error\":\"402::session_unknown\",\"successful\":false}"));
        }
        String id = clientId;
        Awaitility.await("the server sees the session's socket closed").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !BayeuxServerProbe.boundToOpenSocket(node.node().bayeux(), id));
        // The session's socket closed (a client that lost its connection): a new cookie-less socket takes it over,
        // as Faye's reopened socket or CometD's reconnecting WebSocket transport does.
        try (BayeuxWs again = BayeuxWs.open(node.httpPort(), "/cometd")) {
            again.send(subscribe);
            assertThat(again.nextMessages()).containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"9\","
                    + "\"subscription\":\"/adopted\",\"successful\":true}"));
        }
    }

    private static final String ACK_HANDSHAKE = "[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
            + "\"supportedConnectionTypes\":[\"websocket\"],\"ext\":{\"ack\":true}}]";

    private static String connectOver(String clientId, String id, String extra) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"/meta/connect\",\"connectionType\":\"websocket\",\"clientId\":\""
                + clientId + "\"" + (extra == null ? "" : "," + extra) + "}]";
    }

    @Test
    void closingOneSocketOfASessionLeavesTheConnectParkedOnItsOtherSocketWorking() {
        BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
        browser.handshake(); // this browser's cookie
        String cookie = "BAYEUX_BROWSER=" + browser.cookie("BAYEUX_BROWSER");
        BayeuxWs first = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", cookie);
        try (BayeuxWs second = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", cookie)) {
            first.send(ACK_HANDSHAKE);
            String clientId = first.nextMessages().get(0).path("clientId").asText();
            second.send("[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/two/sockets\","
                    + "\"clientId\":\"" + clientId + "\"}]");
            assertThat(second.nextMessages().get(0).path("successful").asBoolean()).isTrue();
            second.send(connectOver(clientId, "3", "\"advice\":{\"timeout\":0},\"ext\":{\"ack\":0}"));
            second.nextMessages();
            second.send(connectOver(clientId, "4", "\"ext\":{\"ack\":0}"));
            Awaitility.await("the connect parked on the second socket").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> BayeuxServerProbe.isParked(node.node().bayeux(), clientId));
            first.close();
            Awaitility.await("the first socket seen closed").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> !BayeuxServerProbe.isBoundTo(node.node().bayeux(), clientId, 2));
            assertThat(BayeuxServerProbe.isParked(node.node().bayeux(), clientId))
                    .as("the second socket's connect is still parked").isTrue();

            BayeuxBrowser other = new BayeuxBrowser(node.httpPort());
            other.publish(other.connected(), "/two/sockets", "\"still here\"");
            List<JsonNode> frame = second.nextMessages();
            assertThat(frame.get(0)).isEqualTo(parse("{\"data\":\"still here\",\"channel\":\"/two/sockets\"}"));
            assertThat(frame.get(frame.size() - 1).path("channel").asText()).isEqualTo("/meta/connect");
        }
    }

    @Test
    void aStreamReplacedByALongPollStartsAgainWhenTheSocketConnectsAgain() {
        BayeuxBrowser browser = new BayeuxBrowser(node.httpPort());
        browser.handshake();
        String cookie = "BAYEUX_BROWSER=" + browser.cookie("BAYEUX_BROWSER");
        try (BayeuxWs ws = BayeuxWs.open(node.httpPort(), "/cometd", "Cookie", cookie)) {
            String clientId = handshakeOver(ws);
            ws.send("[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/restream\","
                    + "\"clientId\":\"" + clientId + "\"}]");
            assertThat(ws.nextMessages().get(0).path("successful").asBoolean()).isTrue();
            // The same browser polls once over HTTP: that connect replaces the socket's delivery stream.
            successful(browser.post("/cometd/connect", browser.connectJson(clientId, "long-polling",
                    "\"advice\":{\"timeout\":0}")), "/meta/connect");
            // Back on the socket: its connect restarts the stream, so a publication arrives as a frame.
            ws.send(connectOver(clientId, "5", "\"advice\":{\"timeout\":0}"));
            assertThat(ws.nextMessages().get(0).path("channel").asText()).isEqualTo("/meta/connect");
            BayeuxBrowser other = new BayeuxBrowser(node.httpPort());
            other.publish(other.connected(), "/restream", "\"streamed again\"");
            assertThat(ws.nextMessages()).containsExactly(
                    parse("{\"data\":\"streamed again\",\"channel\":\"/restream\"}"));
        }
    }
}
