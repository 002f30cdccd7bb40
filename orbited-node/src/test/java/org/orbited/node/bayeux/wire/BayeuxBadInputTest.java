package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.await;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.enc;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.successful;
import static org.orbited.node.bayeux.wire.HttpReply.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * Bad input on the Bayeux endpoint (bayeux.md 1.1, 1.3, 4, 8): requests that are not Bayeux get an HTTP error
 * with a fixed one-line body and a closed connection; Bayeux messages that break a rule get their catalogued
 * error string in a 200 reply; WebSockets get their close code. After every case two well-behaved browsers, on
 * their own connections, still complete a publish-to-delivery round trip.
 */
class BayeuxBadInputTest {
    private static final int MAX_MESSAGE_SIZE = 4096;
    private static final int MAX_MESSAGES = 10;
    private static final String BAYEUX_400 = "malformed Bayeux request: ";

    private static RunningNode node;
    private static WellBehavedBayeux peers;

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(60_000)
                .maxMessageSize(MAX_MESSAGE_SIZE).maxMessagesPerRequest(MAX_MESSAGES).maxSubscriptions(3)
                .readOnlyChannels(List.of("/announce/**"))));
        peers = new WellBehavedBayeux(node.httpPort());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void everyoneElseIsStillServed() {
        peers.assertStillServed();
    }

    // ---- requests that are not Bayeux: HTTP errors ----------------------------------------------------

    /** A raw request, its status, the start of its one-line body, and a value that must not be echoed. */
    record HttpCase(String name, String request, int status, String bodyStart, String neverEchoed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<HttpCase> httpCases() {
        List<HttpCase> c = new ArrayList<>();
        c.add(bad("malformed JSON", post("[{\"channel\":\"/meta/handshake\","), BAYEUX_400 + "MALFORMED_JSON"));
        c.add(bad("content after the JSON value", post("[{\"channel\":\"/a\"}] x"), BAYEUX_400 + "MALFORMED_JSON"));
        c.add(bad("not UTF-8 (bytes FF FE inside a string)", post("[{\"channel\":\"/a\",\"data\":\"\u00ff\u00fe\"}]"),
                BAYEUX_400 + "NOT_UTF8"));
        c.add(bad("UTF-16 body", post(new String("[{\"channel\":\"/a\"}]".getBytes(StandardCharsets.UTF_16LE),
                StandardCharsets.ISO_8859_1)), BAYEUX_400 + "NOT_UTF8"));
        c.add(bad("empty batch []", post("[]"), BAYEUX_400 + "EMPTY_BATCH"));
        c.add(bad("empty body", post(""), BAYEUX_400 + "EMPTY_BODY"));
        c.add(bad("a batch element that is not an object", post("[{\"channel\":\"/a\"},1]"),
                BAYEUX_400 + "ELEMENT_NOT_OBJECT"));
        c.add(bad("a JSON string instead of a batch", post("\"/meta/handshake\""), BAYEUX_400 + "NOT_A_MESSAGE"));
        c.add(bad("JSON nested 100 deep", post("[{\"channel\":\"/a\",\"data\":" + "[".repeat(100) + "]".repeat(100)
                + "}]"), BAYEUX_400 + "TOO_DEEP"));
        c.add(bad("form-encoded body", post("application/x-www-form-urlencoded",
                "message=" + enc("[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\"}]")),
                BAYEUX_400 + "bodies are JSON arrays, not form-encoded"));
        c.add(new HttpCase("body over max_message_size", post("[{\"channel\":\"/a\",\"data\":\""
                + "x".repeat(5000 - 28) + "\"}]"), 413, "Bayeux request exceeds bayeux.max_message_size", null));
        c.add(new HttpCase("chunked body over max_message_size", "POST /cometd HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("400\r\n" + "x".repeat(0x400) + "\r\n").repeat(5), 413,
                "Bayeux request exceeds bayeux.max_message_size", null));
        c.add(new HttpCase("more than max_messages_per_request", post("[" + String.join(",",
                java.util.Collections.nCopies(MAX_MESSAGES + 1, "{\"channel\":\"/meta/handshake\"}")) + "]"), 413,
                "Bayeux request exceeds bayeux.max_messages_per_request", null));
        String handshake = enc("[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                + "\"supportedConnectionTypes\":[\"callback-polling\"]}]");
        for (String callback : List.of("alert(1)//", "<script>", "a-b", "a".repeat(65), "x;y", "1abc", "a..b")) {
            c.add(new HttpCase("JSONP callback " + callback, get("/cometd?jsonp=" + enc(callback) + "&message=" + handshake),
                    400, BAYEUX_400 + "invalid JSONP callback name", callback));
        }
        c.add(bad("JSONP without message", get("/cometd?jsonp=cb"), BAYEUX_400 + "missing message parameter"));
        c.add(new HttpCase("URI over 8192 characters", get("/cometd?jsonp=cb&message=" + "x".repeat(8200)), 414,
                "request URI exceeds 8192 bytes", null));
        String upgrade = "GET /cometd HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        c.add(bad("WebSocket upgrade without a key", upgrade + "Sec-WebSocket-Version: 13\r\n\r\n",
                "malformed request: bad websocket handshake: missing Sec-WebSocket-Key"));
        for (String key : List.of("abc", "dGhlIHNhbXBsZSBub25jZSE=", "!!!!!!!!!!!!!!!!!!!!!!==")) {
            c.add(bad("WebSocket upgrade with the key " + key, upgrade + "Sec-WebSocket-Key: " + key
                            + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                    "malformed request: bad websocket handshake: Sec-WebSocket-Key is not 16 bytes in base64"));
        }
        c.add(new HttpCase("WebSocket upgrade without a version (the pre-RFC handshake)",
                upgrade + "Origin: http://x\r\n\r\n", 426, "unsupported websocket version: none given", null));
        c.add(new HttpCase("WebSocket upgrade with draft version 8", upgrade
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", 426,
                "unsupported websocket version: 8", null));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpCases")
    void aRequestThatIsNotBayeuxGetsAnHttpErrorAndItsConnectionIsClosed(HttpCase c) {
        String response;
        try (RawHttp raw = RawHttp.send(node.httpPort(), c.request())) {
            response = raw.awaitClose(BayeuxBrowser.WAIT);
        }
        int headEnd = response.indexOf("\r\n\r\n");
        assertThat(headEnd).as("end of head in %s", RawHttp.printable(response)).isPositive();
        String head = response.substring(0, headEnd).toLowerCase(Locale.ROOT);
        String body = response.substring(headEnd + 4);
        assertThat(response).startsWith("HTTP/1.1 " + c.status() + " ");
        assertThat(head).contains("\r\ncontent-type: text/plain; charset=utf-8").contains("\r\nconnection: close");
        assertThat(body).startsWith(c.bodyStart()).endsWith("\n");
        assertThat(body.indexOf('\n')).as("one line").isEqualTo(body.length() - 1);
        if (c.neverEchoed() != null) {
            assertThat(response).doesNotContain(c.neverEchoed()).doesNotContain(enc(c.neverEchoed()));
        }
    }

    // ---- Bayeux messages that break a rule: error replies ---------------------------------------------

    /** A batch ({@code %s} is the bad client's clientId) and the error string its one reply carries. */
    record BayeuxCase(String name, String batch, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BayeuxCase> bayeuxCases() {
        return Stream.of(
                new BayeuxCase("channel is a number", "[{\"id\":\"1\",\"channel\":42,\"data\":1,\"clientId\":\"%s\"}]",
                        "405::channel_invalid"),
                new BayeuxCase("channel missing", "[{\"id\":\"1\",\"data\":1,\"clientId\":\"%s\"}]",
                        "400::channel_missing"),
                new BayeuxCase("id is a number", "[{\"id\":1,\"channel\":\"/a\",\"data\":1,\"clientId\":\"%s\"}]",
                        "405::message_id_invalid"),
                new BayeuxCase("id is not alphanumeric", "[{\"id\":\"a-1\",\"channel\":\"/a\",\"data\":1,"
                        + "\"clientId\":\"%s\"}]", "405::message_id_invalid"),
                new BayeuxCase("subscription is a number", subscribe("7"), "403::subscription_invalid"),
                new BayeuxCase("subscription missing", "[{\"id\":\"1\",\"channel\":\"/meta/subscribe\","
                        + "\"clientId\":\"%s\"}]", "403::subscription_missing"),
                new BayeuxCase("data missing", "[{\"id\":\"1\",\"channel\":\"/a\",\"clientId\":\"%s\"}]",
                        "400::data_missing"),
                new BayeuxCase("subscribe foo", subscribe("\"foo\""), "403::subscription_invalid"),
                new BayeuxCase("subscribe /a b", subscribe("\"/a b\""), "403::subscription_invalid"),
                new BayeuxCase("subscribe /foo/*/bar", subscribe("\"/foo/*/bar\""), "403::subscription_invalid"),
                new BayeuxCase("subscribe /a//b", subscribe("\"/a//b\""), "403::subscription_invalid"),
                new BayeuxCase("subscribe /meta/x", subscribe("\"/meta/x\""),
                        "403:denied_by_security_policy:subscribe_denied"),
                new BayeuxCase("array with one bad name", subscribe("[\"/ok\",\"bad\"]"), "403::subscription_invalid"),
                new BayeuxCase("publish to foo", publish("foo"), "405::channel_invalid"),
                new BayeuxCase("publish to /a b", publish("/a b"), "405::channel_invalid"),
                new BayeuxCase("publish to /foo/*", publish("/foo/*"), "405::channel_invalid"),
                new BayeuxCase("publish to /foo/**", publish("/foo/**"), "405::channel_invalid"),
                new BayeuxCase("publish to /meta/foo", publish("/meta/foo"),
                        "403:denied_by_security_policy:publish_denied"),
                new BayeuxCase("publish with an unknown clientId", "[{\"id\":\"1\",\"channel\":\"/a\",\"data\":1,"
                        + "\"clientId\":\"nosuchclient%s\"}]", "402::session_unknown"),
                new BayeuxCase("connect with an unknown clientId", "[{\"id\":\"1\",\"channel\":\"/meta/connect\","
                        + "\"connectionType\":\"long-polling\",\"clientId\":\"nosuchclient%s\"}]", "402::session_unknown"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bayeuxCases")
    void aMessageThatBreaksARuleGetsItsErrorString(BayeuxCase c) {
        BayeuxBrowser bad = new BayeuxBrowser(node.httpPort());
        String clientId = bad.connected();
        HttpReply r = bad.post(c.batch().formatted(clientId));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        List<JsonNode> replies = r.messages();
        assertThat(replies).as("%s", r.body()).hasSize(1);
        JsonNode reply = replies.get(0);
        assertThat(reply.path("successful").asBoolean(true)).as("%s", reply).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo(c.error());
        assertThat(reply.has("clientId")).isFalse();
        // The session itself is unharmed.
        bad.publish(clientId, "/after/error", "1");
    }

    @Test
    void theSubscriptionLimitDeniesTheFourthChannel() {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort());
        String clientId = b.connected();
        b.subscribe(clientId, "/limit/a", "/limit/b");
        b.subscribe(clientId, "/limit/c");
        b.subscribe(clientId, "/limit/a"); // already held: no fourth subscription
        HttpReply r = b.post(b.subscribeJson(clientId, "\"/limit/d\""));
        JsonNode reply = r.reply("/meta/subscribe");
        assertThat(reply.path("successful").asBoolean(true)).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo("403:max_subscriptions:subscribe_denied");
        assertThat(reply.get("subscription").asText()).isEqualTo("/limit/d");
        assertThat(b.publish(clientId, "/limit/d", "\"not subscribed\"").deliveries()).isEmpty();
    }

    @Test
    void aReadOnlyChannelRefusesClientPublishesButCarriesOrbitPublishes() {
        BayeuxBrowser listener = new BayeuxBrowser(node.httpPort());
        BayeuxBrowser writer = new BayeuxBrowser(node.httpPort());
        String listenerId = listener.connected();
        listener.subscribe(listenerId, "/announce/**");
        String writerId = writer.connected();

        HttpReply denied = writer.post(writer.publishJson(writerId, "/announce/news", "\"from a client\""));
        JsonNode reply = denied.reply("/announce/news");
        assertThat(reply.path("successful").asBoolean(true)).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo("403:read_only:publish_denied");

        try (OrbitTestClient app = node.orbit()) {
            CompletableFuture<HttpReply> poll = listener.connectAsync(listenerId);
            String id = app.send("{\"news\":\"from the application\"}", "/announce/news");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            HttpReply got = await(poll);
            successful(got, "/meta/connect");
            assertThat(got.deliveries()).containsExactly(
                    parse("{\"data\":{\"news\":\"from the application\"},\"channel\":\"/announce/news\"}"));
        }
    }

    @Test
    void aBodyOfExactlyMaxMessageSizeIsServedAndItsDataPassesUnchanged() {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort());
        String clientId = b.connected();
        b.subscribe(clientId, "/big");
        String envelope = "[{\"id\":\"big\",\"channel\":\"/big\",\"clientId\":\"" + clientId + "\",\"data\":%s}]";
        String rest = "{\"n\":[1.10,-0,1e2],\"u\":\"\u00e9\u20ac\ud83d\ude00\",\"text\":\"%s\"}";
        int pad = MAX_MESSAGE_SIZE - envelope.formatted(rest.formatted("")).getBytes(StandardCharsets.UTF_8).length;
        String data = rest.formatted("t".repeat(pad));
        String json = envelope.formatted(data);
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_MESSAGE_SIZE);
        HttpReply r = b.post(json);
        successful(r, "/big");
        HttpReply delivered = b.post("/cometd/connect", b.connectJson(clientId, "long-polling", null));
        assertThat(delivered.deliveries()).hasSize(1);
        assertThat(delivered.deliveries().get(0).get("data")).isEqualTo(parse(data));
    }

    // ---- WebSocket ----------------------------------------------------------------------------------

    record WsCase(String name, Consumer<BayeuxWs> send, int closeCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<WsCase> wsCases() {
        return Stream.of(
                new WsCase("binary frame", ws -> ws.sendBinary("[{\"channel\":\"/meta/handshake\"}]"
                        .getBytes(StandardCharsets.UTF_8)), 1003),
                new WsCase("malformed JSON frame", ws -> ws.send("[{\"channel\":"), 1007),
                new WsCase("empty batch frame", ws -> ws.send("[]"), 1007),
                new WsCase("frame over max_message_size", ws -> ws.send("[{\"channel\":\"/a\",\"data\":\""
                        + "x".repeat(5000) + "\"}]"), 1009));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wsCases")
    void aBadWebSocketFrameClosesThatSocketOnly(WsCase c) {
        try (BayeuxWs bad = BayeuxWs.open(node.httpPort(), "/cometd")) {
            c.send().accept(bad);
            assertThat(bad.awaitClose(BayeuxBrowser.WAIT)).isEqualTo(c.closeCode());
        }
        try (BayeuxWs good = BayeuxWs.open(node.httpPort(), "/cometd")) {
            good.send("[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                    + "\"supportedConnectionTypes\":[\"websocket\"]}]");
            JsonNode reply = good.nextMessages().get(0);
            assertThat(reply.path("successful").asBoolean()).as("%s", reply).isTrue();
        }
    }

    // ---- request builders ---------------------------------------------------------------------------

    private static HttpCase bad(String name, String request, String bodyStart) {
        return new HttpCase(name, request, 400, bodyStart, null);
    }

    /** A POST of {@code body} (ISO-8859-1: one char per byte) to /cometd. */
    private static String post(String body) {
        return post("application/json;charset=UTF-8", body);
    }

    private static String post(String contentType, String body) {
        return "POST /cometd HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static String subscribe(String subscription) {
        return "[{\"id\":\"1\",\"channel\":\"/meta/subscribe\",\"subscription\":" + subscription + ",\"clientId\":\"%s\"}]";
    }

    private static String publish(String channel) {
        return "[{\"id\":\"1\",\"channel\":\"" + channel + "\",\"data\":1,\"clientId\":\"%s\"}]";
    }
}
