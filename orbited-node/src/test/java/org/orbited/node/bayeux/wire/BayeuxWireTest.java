package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.await;
import static org.orbited.node.bayeux.wire.BayeuxBrowser.successful;
import static org.orbited.node.bayeux.wire.HttpReply.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.bayeux.BayeuxServerProbe;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * The Bayeux endpoint on the wire (bayeux.md sections 1-9 and the checklist in 14), with raw HTTP: one
 * {@link BayeuxBrowser} (own cookie jar, HTTP/1.1) per simulated browser, {@link RawHttp} where the exact bytes
 * matter. Most cases share one node ({@code timeout} 3000 ms); cases that need other settings start their own.
 * Cases that must tell "answered by this event" from "answered by the timeout" use {@link #longHold}.
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class BayeuxWireTest {
    @Parameter
    String io;

    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-z]{26}");
    private static final Pattern BROWSER_COOKIE = Pattern.compile("BAYEUX_BROWSER=([0-9a-z]{16,}); Path=/; HttpOnly");

    private static RunningNode node;
    /** Holds a connect for 60 s: an answer within the bounded wait came from the event under test, not the timeout. */
    private static RunningNode longHold;

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
        node = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(3000)));
        longHold = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(60_000)));
    }

    @AfterParameterizedClassInvocation
    static void stopNode() {
        if (node != null) { // null when this transport was skipped
            node.close();
            node = null;
        }
        if (longHold != null) { // null when this transport was skipped
            longHold.close();
            longHold = null;
        }
    }

    private static BayeuxBrowser browser() {
        return new BayeuxBrowser(node.httpPort());
    }

    /** Waits (bounded) until {@code clientId}'s connect is parked and attached to its session's queue. */
    static void awaitParked(RunningNode n, String clientId) {
        Awaitility.await("parked connect of " + clientId).atMost(BayeuxBrowser.WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> BayeuxServerProbe.isParked(n.node().bayeux(), clientId));
    }

    static String rawPost(String path, String headers, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.httpPort() + "\r\n" + headers
                + "Content-Type: application/json;charset=UTF-8\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** The answer to {@code request} within {@link BayeuxBrowser#WAIT}, or a failure naming what was not answered. */
    static HttpReply answered(CompletableFuture<HttpReply> request, String what) {
        try {
            return await(request);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": not answered within " + BayeuxBrowser.WAIT.toSeconds() + " s ("
                    + e.getMessage() + ")", e);
        }
    }

    @Nested
    class Handshake {
        @Test
        void replyCarriesVersionConfiguredTypesClientIdFullAdviceAndTheRequestId() {
            BayeuxBrowser b = browser();
            HttpReply r = b.post("/cometd/handshake", "[{\"id\":\"h1\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\","
                    + "\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\",\"callback-polling\"],"
                    + "\"advice\":{\"timeout\":60000,\"interval\":0}}]");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
            assertThat(r.messages()).hasSize(1);
            JsonNode reply = r.reply("/meta/handshake");
            assertThat(reply.path("successful").asBoolean()).isTrue();
            assertThat(reply.path("id").asText()).isEqualTo("h1");
            assertThat(reply.path("version").asText()).isEqualTo("1.0");
            assertThat(reply.get("supportedConnectionTypes"))
                    .isEqualTo(parse("[\"websocket\",\"long-polling\",\"callback-polling\"]"));
            assertThat(reply.path("clientId").asText()).matches(CLIENT_ID);
            assertThat(reply.get("advice")).isEqualTo(parse("{\"interval\":0,\"timeout\":3000,\"reconnect\":\"retry\"}"));
            assertThat(reply.has("error")).isFalse();

            String other = b.handshake();
            assertThat(other).as("every handshake makes a new session").isNotEqualTo(reply.path("clientId").asText());
        }

        @Test
        void messagesAfterAHandshakeInTheSameRequestAreIgnored() {
            BayeuxBrowser b = browser();
            String existing = b.connected();
            // The subscribe would succeed on its own (the browser's cookie goes along); here it must not run.
            HttpReply r = b.post("[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]},"
                    + "{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/ignored/room\",\"clientId\":\""
                    + existing + "\"}]");
            assertThat(r.messages()).hasSize(1);
            successful(r, "/meta/handshake");

            HttpReply published = b.publish(existing, "/ignored/room", "\"x\"");
            assertThat(published.deliveries()).as("the subscribe after the handshake did not happen").isEmpty();
        }

        @Test
        void browserCookieIsSetOnlyOnAHandshakeWithoutOne() {
            BayeuxBrowser b = browser();
            HttpReply first = b.post("/cometd/handshake", b.handshakeJson("[\"long-polling\"]", null));
            successful(first, "/meta/handshake");
            List<String> setCookies = first.headers().allValues("Set-Cookie");
            assertThat(setCookies).hasSize(1);
            Matcher m = BROWSER_COOKIE.matcher(setCookies.get(0));
            assertThat(m.matches()).as("Set-Cookie %s", setCookies.get(0)).isTrue();
            assertThat(b.cookie("BAYEUX_BROWSER")).isEqualTo(m.group(1));

            String clientId = first.reply("/meta/handshake").path("clientId").asText();
            HttpReply connect = b.post("/cometd/connect", b.connectJson(clientId, "long-polling",
                    "\"advice\":{\"timeout\":0}"));
            successful(connect, "/meta/connect");
            assertThat(connect.headers().allValues("Set-Cookie")).as("connect reply").isEmpty();
            assertThat(connect.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");

            HttpReply again = b.post("/cometd/handshake", b.handshakeJson("[\"long-polling\"]", null));
            successful(again, "/meta/handshake");
            assertThat(again.headers().allValues("Set-Cookie")).as("handshake that carried the cookie").isEmpty();

            HttpReply published = b.publish(clientId, "/cookie/check", "1");
            assertThat(published.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        }

        @Test
        void everyPathUnderTheMountIsTheEndpointAndDispatchIsByChannel() {
            for (String path : List.of("/cometd", "/cometd/", "/cometd/handshake", "/cometd/connect", "/cometd/anything")) {
                BayeuxBrowser b = browser();
                HttpReply r = b.post(path, b.handshakeJson("[\"long-polling\"]", null));
                String clientId = successful(r, "/meta/handshake").path("clientId").asText();
                // A publish posted to the handshake path is still a publish.
                HttpReply p = b.post("/cometd/handshake", b.publishJson(clientId, "/paths/check", "\"" + path + "\""));
                successful(p, "/paths/check");
            }
        }

        @Test
        void aPathThatMerelyStartsWithTheMountIsNotTheEndpoint() {
            BayeuxBrowser b = browser();
            HttpReply r = b.post("/cometdx", b.handshakeJson("[\"long-polling\"]", null));
            // The Orbit comet router answers it, as any other location.
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("missing required parameter: user\n");
        }

        @Test
        void aBareObjectBodyIsAcceptedAndAnsweredWithAnArray() {
            BayeuxBrowser b = browser();
            HttpReply r = b.post("{\"id\":\"7\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]}");
            assertThat(r.body()).startsWith("[");
            assertThat(successful(r, "/meta/handshake").path("id").asText()).isEqualTo("7");
        }

        @Test
        void requestWithUpgradeH2cIsServedAsHttp11() {
            String body = "[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]}]";
            String request = "POST /cometd HTTP/1.1\r\nHost: 127.0.0.1:" + node.httpPort() + "\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                    + "Content-Type: application/json;charset=UTF-8\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            try (RawHttp raw = RawHttp.send(node.httpPort(), request)) {
                String text = raw.await(t -> t.contains("\r\n\r\n") && t.endsWith("]"), "the JSON reply",
                        BayeuxBrowser.WAIT);
                assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("101 Switching Protocols");
                JsonNode reply = parse(text.substring(text.indexOf("\r\n\r\n") + 4)).get(0);
                assertThat(reply.path("successful").asBoolean()).isTrue();
                assertThat(reply.path("clientId").asText()).matches(CLIENT_ID);
            }
        }
    }

    @Nested
    class Connect {
        @Test
        void firstConnectWithTimeoutZeroIsAnsweredAtOnceAndALaterOneIsHeldForTheTimeout() {
            // longHold would hold a connect for 60 s: an answer within the bounded wait is timeout 0's doing.
            BayeuxBrowser patient = new BayeuxBrowser(longHold.httpPort());
            String patientId = patient.handshake();
            HttpReply first = answered(patient.postAsync("/cometd/connect", patient.connectJson(patientId,
                    "long-polling", "\"advice\":{\"timeout\":0}")), "first connect with timeout 0 (else held 60 s)");
            JsonNode reply = successful(first, "/meta/connect");
            assertThat(reply.get("advice")).isEqualTo(parse("{\"interval\":0,\"timeout\":60000,\"reconnect\":\"retry\"}"));

            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(2000)))) {
                BayeuxBrowser b = new BayeuxBrowser(n.httpPort());
                String clientId = b.connected();

                CompletableFuture<HttpReply> connect = b.connectAsync(clientId);
                awaitParked(n, clientId); // held, not answered at once
                HttpReply held = answered(connect, "held connect (released by the 2 s timeout)");
                JsonNode heldReply = successful(held, "/meta/connect");
                assertThat(heldReply.has("advice")).as("unchanged advice is not repeated: %s", heldReply).isFalse();
                assertThat(held.messages()).as("answered by the timeout: no event, only the reply").hasSize(1);
            }
        }

        @Test
        void aSecondParkedConnectReleasesTheFirstWithTheDuplicateStatus() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            a.subscribe(clientId, "/dup/room");
            CompletableFuture<HttpReply> first = a.connectAsync(clientId);
            awaitParked(node, clientId);

            CompletableFuture<HttpReply> second = a.connectAsync(clientId);
            HttpReply released = await(first);
            assertThat(released.status()).as("superseded connect, not answered by its timeout (200): %s", released.body())
                    .isEqualTo(500);

            // The second connect is the parked one now: an event answers it.
            awaitParked(node, clientId);
            BayeuxBrowser other = browser();
            other.publish(other.connected(), "/dup/room", "\"after\"");
            HttpReply answered = await(second);
            successful(answered, "/meta/connect");
            assertThat(answered.deliveries()).containsExactly(parse("{\"data\":\"after\",\"channel\":\"/dup/room\"}"));
        }

        @Test
        void aRequestPipelinedBehindAParkedConnectIsAnsweredAfterIt() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            a.subscribe(clientId, "/pipe/room");
            String cookie = "Cookie: BAYEUX_BROWSER=" + a.cookie("BAYEUX_BROWSER") + "\r\n";
            String connect = a.connectJson(clientId, "long-polling", null);
            String publish = a.publishJson(clientId, "/pipe/room", "\"second\"");
            try (RawHttp raw = RawHttp.send(node.httpPort(), rawPost("/cometd/connect", cookie, connect)
                    + rawPost("/cometd", cookie, publish))) {
                awaitParked(node, clientId);
                BayeuxBrowser other = browser();
                other.publish(other.connected(), "/pipe/room", "\"first\"");
                String text = raw.await(t -> t.split("HTTP/1.1 200 OK", -1).length == 3 && t.endsWith("]"),
                        "two responses", BayeuxBrowser.WAIT);
                String[] responses = text.split("HTTP/1.1 200 OK", -1);
                JsonNode first = parse(responses[1].substring(responses[1].indexOf("\r\n\r\n") + 4));
                JsonNode second = parse(responses[2].substring(responses[2].indexOf("\r\n\r\n") + 4));
                assertThat(first.get(0)).isEqualTo(parse("{\"data\":\"first\",\"channel\":\"/pipe/room\"}"));
                assertThat(first.get(1).path("channel").asText()).isEqualTo("/meta/connect");
                assertThat(first).hasSize(2);
                // The publish reply carries no delivery: its own copy waits for the next connect, which the client
                // sends only after reading the connect reply above, so "first" is always read before "second".
                assertThat(second).hasSize(1);
                assertThat(second.get(0).path("channel").asText()).isEqualTo("/pipe/room");
                assertThat(second.get(0).path("successful").asBoolean()).isTrue();
            }
            HttpReply next = a.post("/cometd/connect", a.connectJson(clientId, "long-polling", null));
            assertThat(next.deliveries()).containsExactly(parse("{\"data\":\"second\",\"channel\":\"/pipe/room\"}"));
            successful(next, "/meta/connect");
        }

        @Test
        void disconnectReleasesTheParkedConnectWithReconnectNoneAndForgetsTheSession() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            CompletableFuture<HttpReply> parked = a.connectAsync(clientId);
            awaitParked(node, clientId);

            HttpReply bye = a.post("/cometd/disconnect", "[{\"id\":\"16\",\"channel\":\"/meta/disconnect\",\"clientId\":\""
                    + clientId + "\"}]");
            assertThat(bye.messages()).containsExactly(
                    parse("{\"channel\":\"/meta/disconnect\",\"id\":\"16\",\"successful\":true}"));
            HttpReply released = await(parked);
            assertThat(released.status()).isEqualTo(200);
            JsonNode reply = released.reply("/meta/connect");
            assertThat(reply.path("successful").asBoolean()).isTrue();
            assertThat(reply.get("advice")).isEqualTo(parse("{\"reconnect\":\"none\"}"));

            HttpReply after = a.post("/cometd/connect", "[{\"id\":\"17\",\"channel\":\"/meta/connect\","
                    + "\"connectionType\":\"long-polling\",\"clientId\":\"" + clientId + "\"}]");
            assertThat(after.messages()).containsExactly(parse("{\"advice\":{\"interval\":0,\"reconnect\":\"handshake\"},"
                    + "\"channel\":\"/meta/connect\",\"id\":\"17\",\"error\":\"402::session_unknown\",\"successful\":false}"));
        }
    }

    @Nested
    class Publish {
        @Test
        void thePublishersOwnCopyTravelsOnItsNextConnectNeverOnThePublishReply() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            a.subscribe(clientId, "/chat/room1");
            HttpReply r = a.post("[{\"id\":\"5\",\"channel\":\"/chat/room1\",\"data\":{\"user\":\"alice\",\"text\":\"yo\"},"
                    + "\"clientId\":\"" + clientId + "\"}]");
            assertThat(r.messages()).containsExactly(parse("{\"channel\":\"/chat/room1\",\"id\":\"5\",\"successful\":true}"));

            // Queued events answer a connect at once, deliveries before the reply.
            HttpReply next = a.post("/cometd/connect", a.connectJson(clientId, "long-polling", null));
            List<JsonNode> messages = next.messages();
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0)).isEqualTo(parse("{\"data\":{\"text\":\"yo\",\"user\":\"alice\"},"
                    + "\"channel\":\"/chat/room1\"}"));
            assertThat(messages.get(1).path("channel").asText()).isEqualTo("/meta/connect");
            assertThat(messages.get(1).path("successful").asBoolean()).isTrue();
        }

        @Test
        void batchWithAnArraySubscriptionAndADoubleWildcardThenAPublish() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            HttpReply r = a.post("[{\"id\":\"6\",\"channel\":\"/meta/subscribe\",\"subscription\":[\"/chat/room2\","
                    + "\"/chat/deep/**\"],\"clientId\":\"" + clientId + "\"},{\"id\":\"7\",\"channel\":\"/chat/deep/x/y\","
                    + "\"data\":\"batched\",\"clientId\":\"" + clientId + "\"}]");
            assertThat(r.messages()).containsExactly(
                    parse("{\"channel\":\"/meta/subscribe\",\"id\":\"6\",\"subscription\":[\"/chat/room2\",\"/chat/deep/**\"],"
                            + "\"successful\":true}"),
                    parse("{\"channel\":\"/chat/deep/x/y\",\"id\":\"7\",\"successful\":true}"));
            a.publish(clientId, "/chat/room2", "2");

            HttpReply next = a.post("/cometd/connect", a.connectJson(clientId, "long-polling", null));
            assertThat(next.deliveries()).containsExactly(parse("{\"data\":\"batched\",\"channel\":\"/chat/deep/x/y\"}"),
                    parse("{\"data\":2,\"channel\":\"/chat/room2\"}"));
        }

        @Test
        void aConnectInTheSameBatchCarriesTheBatchsDeliveriesFirst() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            a.subscribe(clientId, "/chat/inbatch");
            HttpReply r = a.post("[" + a.publishJson(clientId, "/chat/inbatch", "\"x\"").replaceAll("^\\[|\\]$", "") + ","
                    + a.connectJson(clientId, "long-polling", null).replaceAll("^\\[|\\]$", "") + "]");
            List<JsonNode> messages = r.messages();
            assertThat(messages).hasSize(3);
            assertThat(messages.get(0)).isEqualTo(parse("{\"data\":\"x\",\"channel\":\"/chat/inbatch\"}"));
            assertThat(messages.get(1).path("channel").asText()).isEqualTo("/chat/inbatch");
            assertThat(messages.get(2).path("channel").asText()).isEqualTo("/meta/connect");
        }

        @Test
        void aParkedConnectGetsAnotherSessionsPublishWithoutIdOrClientId() {
            BayeuxBrowser a = browser();
            BayeuxBrowser b = browser();
            String alice = a.connected();
            a.subscribe(alice, "/chat/parked");
            String bob = b.connected();
            CompletableFuture<HttpReply> parked = a.connectAsync(alice);
            awaitParked(node, alice);
            HttpReply published = b.post("[{\"id\":\"3\",\"channel\":\"/chat/parked\",\"data\":{\"user\":\"bob\","
                    + "\"text\":\"hi\"},\"clientId\":\"" + bob + "\"}]");
            assertThat(published.messages()).containsExactly(
                    parse("{\"channel\":\"/chat/parked\",\"id\":\"3\",\"successful\":true}"));
            HttpReply delivered = await(parked);
            List<JsonNode> messages = delivered.messages();
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0)).isEqualTo(parse("{\"data\":{\"text\":\"hi\",\"user\":\"bob\"},"
                    + "\"channel\":\"/chat/parked\"}"));
            assertThat(messages.get(1).path("channel").asText()).isEqualTo("/meta/connect");
            assertThat(messages.get(1).path("successful").asBoolean()).isTrue();
            assertThat(messages.get(1).has("advice")).isFalse();
        }
    }

    @Nested
    class UnknownSessions {
        @Test
        void unknownClientIdGetsTheExact402WithAdviceOnlyOnConnect() {
            BayeuxBrowser b = browser();
            b.handshake(); // a browser with a cookie: the cookie is not what is missing here
            HttpReply connect = b.post("[{\"id\":\"9\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                    + "\"clientId\":\"bogus123\"}]");
            assertThat(connect.messages()).containsExactly(parse("{\"advice\":{\"interval\":0,\"reconnect\":\"handshake\"},"
                    + "\"channel\":\"/meta/connect\",\"id\":\"9\",\"error\":\"402::session_unknown\",\"successful\":false}"));

            HttpReply subscribe = b.post("[{\"id\":\"10\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/a\","
                    + "\"clientId\":\"bogus123\"}]");
            assertThat(subscribe.messages()).containsExactly(parse("{\"channel\":\"/meta/subscribe\",\"id\":\"10\","
                    + "\"subscription\":\"/a\",\"error\":\"402::session_unknown\",\"successful\":false}"));
            HttpReply unsubscribe = b.post("[{\"id\":\"11\",\"channel\":\"/meta/unsubscribe\",\"subscription\":\"/a\","
                    + "\"clientId\":\"bogus123\"}]");
            assertThat(unsubscribe.messages()).containsExactly(parse("{\"channel\":\"/meta/unsubscribe\",\"id\":\"11\","
                    + "\"subscription\":\"/a\",\"error\":\"402::session_unknown\",\"successful\":false}"));
            HttpReply publish = b.post("[{\"id\":\"12\",\"channel\":\"/a\",\"data\":1,\"clientId\":\"bogus123\"}]");
            assertThat(publish.messages()).containsExactly(parse("{\"channel\":\"/a\",\"id\":\"12\","
                    + "\"error\":\"402::session_unknown\",\"successful\":false}"));
            HttpReply clientless = b.post("[{\"id\":\"13\",\"channel\":\"/a\",\"data\":1}]");
            assertThat(clientless.messages()).containsExactly(parse("{\"channel\":\"/a\",\"id\":\"13\","
                    + "\"error\":\"402::session_unknown\",\"successful\":false}"));
            HttpReply disconnect = b.post("[{\"id\":\"14\",\"channel\":\"/meta/disconnect\",\"clientId\":\"bogus123\"}]");
            assertThat(disconnect.messages()).containsExactly(parse("{\"channel\":\"/meta/disconnect\",\"id\":\"14\","
                    + "\"error\":\"402::session_unknown\",\"successful\":false}"));
        }

        @Test
        void aClientIdWithoutItsBrowserCookieIsUnknown() {
            BayeuxBrowser owner = browser();
            String clientId = owner.connected();
            owner.subscribe(clientId, "/hijack/room");
            BayeuxBrowser thief = browser();

            HttpReply connect = thief.post(thief.connectJson(clientId, "long-polling", "\"advice\":{\"timeout\":0}"));
            JsonNode reply = connect.reply("/meta/connect");
            assertThat(reply.path("successful").asBoolean()).isFalse();
            assertThat(reply.path("error").asText()).isEqualTo("402::session_unknown");
            assertThat(reply.get("advice")).isEqualTo(parse("{\"interval\":0,\"reconnect\":\"handshake\"}"));
            HttpReply publish = thief.post(thief.publishJson(clientId, "/hijack/room", "\"stolen\""));
            assertThat(publish.reply("/hijack/room").path("error").asText()).isEqualTo("402::session_unknown");
            assertThat(publish.reply("/hijack/room").has("advice")).isFalse();

            owner.publish(clientId, "/hijack/room", "\"mine\"");
            HttpReply own = owner.post("/cometd/connect", owner.connectJson(clientId, "long-polling", null));
            assertThat(own.deliveries()).as("the owner is unaffected and nothing was published by the thief")
                    .containsExactly(parse("{\"data\":\"mine\",\"channel\":\"/hijack/room\"}"));
        }

        @Test
        void trustClientSessionAcceptsAClientIdWithoutItsCookie() {
            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(3000).trustClientSession(true)))) {
                BayeuxBrowser owner = new BayeuxBrowser(n.httpPort());
                String clientId = owner.connected();
                owner.subscribe(clientId, "/trusted/room");
                BayeuxBrowser elsewhere = new BayeuxBrowser(n.httpPort());
                elsewhere.publish(clientId, "/trusted/room", "\"from elsewhere\"");
                HttpReply connect = elsewhere.post(elsewhere.connectJson(clientId, "long-polling",
                        "\"advice\":{\"timeout\":0}"));
                successful(connect, "/meta/connect");
                assertThat(connect.deliveries())
                        .containsExactly(parse("{\"data\":\"from elsewhere\",\"channel\":\"/trusted/room\"}"));
            }
        }
    }

    @Nested
    class Sessions {
        @Test
        void aConnectThatReplacesItsOwnParkedConnectKeepsItsBrowserCounted() {
            BayeuxBrowser tabs = new BayeuxBrowser(longHold.httpPort());
            String first = tabs.connected();
            String second = tabs.handshake();
            CompletableFuture<HttpReply> older = tabs.connectAsync(first);
            awaitParked(longHold, first);
            CompletableFuture<HttpReply> newer = tabs.connectAsync(first);
            assertThat(answered(older, "the replaced connect").status()).isEqualTo(500);
            awaitParked(longHold, first);

            // The first tab still holds a parked connect: the second is in multiple-clients mode.
            HttpReply r = tabs.post("/cometd/connect", tabs.connectJson(second, "long-polling",
                    "\"advice\":{\"timeout\":0}"));
            JsonNode advice = successful(r, "/meta/connect").get("advice");
            assertThat(advice).as("%s", r.body()).isNotNull();
            assertThat(advice.path("multiple-clients").asBoolean()).as("%s", r.body()).isTrue();
            tabs.post(tabs.disconnectJson(first));
            successful(answered(newer, "the newer connect, released by the disconnect"), "/meta/connect");
        }

        @Test
        void twoSessionsOfOneBrowserGetMultipleClientsUntilTheFirstLeaves() {
            BayeuxBrowser tabs = new BayeuxBrowser(longHold.httpPort());
            String first = tabs.connected();
            String second = tabs.handshake();
            CompletableFuture<HttpReply> parked = tabs.connectAsync(first);
            awaitParked(longHold, first);

            HttpReply r = tabs.post("/cometd/connect", tabs.connectJson(second, "long-polling",
                    "\"advice\":{\"timeout\":0}"));
            JsonNode advice = successful(r, "/meta/connect").get("advice");
            assertThat(advice).as("%s", r.body()).isNotNull();
            assertThat(advice.path("multiple-clients").asBoolean()).isTrue();
            assertThat(advice.path("interval").asLong()).isEqualTo(2000);
            assertThat(advice.path("reconnect").asText()).isEqualTo("retry");

            HttpReply again = answered(tabs.connectAsync(second), "a multiple-clients connect (else held 60 s)");
            successful(again, "/meta/connect");

            tabs.post(tabs.disconnectJson(first));
            successful(await(parked), "/meta/connect");

            HttpReply alone = tabs.post("/cometd/connect", tabs.connectJson(second, "long-polling",
                    "\"advice\":{\"timeout\":0}"));
            assertThat(successful(alone, "/meta/connect").get("advice"))
                    .isEqualTo(parse("{\"interval\":0,\"timeout\":60000,\"reconnect\":\"retry\"}"));
            // ... and its connects are parked again: an event answers one.
            tabs.subscribe(second, "/tabs/room");
            CompletableFuture<HttpReply> held = tabs.connectAsync(second);
            awaitParked(longHold, second);
            BayeuxBrowser other = new BayeuxBrowser(longHold.httpPort());
            other.publish(other.connected(), "/tabs/room", "\"back to normal\"");
            assertThat(await(held).deliveries())
                    .containsExactly(parse("{\"data\":\"back to normal\",\"channel\":\"/tabs/room\"}"));
        }

        @Test
        void aSessionWithoutConnectsExpiresAfterMaxIntervalWhileOneThatConnectsSurvives() {
            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(1000).maxIntervalMillis(2500)))) {
                BayeuxBrowser idle = new BayeuxBrowser(n.httpPort());
                BayeuxBrowser busy = new BayeuxBrowser(n.httpPort());
                // busy first: without its connects it would expire no later than idle.
                String busyId = busy.connected();
                String idleId = idle.connected();
                CompletableFuture<HttpReply> firstHeld = busy.connectAsync(busyId);
                CompletableFuture<HttpReply> loop = firstHeld;
                for (int i = 0; i < 3; i++) {
                    loop = loop.thenCompose(r -> busy.connectAsync(busyId));
                }

                // busy's first connect was parked after idle's last one and is released by the 1 s timeout.
                successful(answered(firstHeld, "busy's first held connect"), "/meta/connect");
                assertThat(BayeuxServerProbe.exists(n.node().bayeux(), idleId))
                        .as("idle session still there after the 1 s connect timeout: not before max_interval").isTrue();
                Awaitility.await("expiry of the idle session").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> !BayeuxServerProbe.exists(n.node().bayeux(), idleId));
                assertThat(BayeuxServerProbe.exists(n.node().bayeux(), busyId))
                        .as("busy session, past the max_interval that ended idle").isTrue();
                HttpReply r = idle.post(idle.subscribeJson(idleId, "\"/expired\""));
                assertThat(r.reply("/meta/subscribe").path("error").asText()).isEqualTo("402::session_unknown");
                HttpReply c = idle.post(idle.connectJson(idleId, "long-polling", null));
                assertThat(c.reply("/meta/connect").get("advice"))
                        .isEqualTo(parse("{\"interval\":0,\"reconnect\":\"handshake\"}"));

                successful(answered(loop, "busy's connect loop"), "/meta/connect");
                busy.publish(busyId, "/still/here", "true");
            }
        }

        @Test
        void aSlowConsumerIsEndedWhileAnotherSessionGetsEveryMessage() {
            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(3000).maxQueue(20)))) {
                BayeuxBrowser slowBrowser = new BayeuxBrowser(n.httpPort());
                BayeuxBrowser fastBrowser = new BayeuxBrowser(n.httpPort());
                BayeuxBrowser pub = new BayeuxBrowser(n.httpPort());
                String slow = slowBrowser.connected();
                slowBrowser.subscribe(slow, "/burst");
                String fast = fastBrowser.connected();
                fastBrowser.subscribe(fast, "/burst");
                String publisher = pub.connected();

                List<JsonNode> received = new ArrayList<>();
                for (int i = 1; i <= 50; i++) {
                    CompletableFuture<HttpReply> poll = fastBrowser.connectAsync(fast);
                    pub.publish(publisher, "/burst", String.valueOf(i));
                    HttpReply got = await(poll);
                    successful(got, "/meta/connect");
                    got.deliveries().forEach(d -> received.add(d.get("data")));
                }
                List<JsonNode> expected = new ArrayList<>();
                for (int i = 1; i <= 50; i++) {
                    expected.add(parse(String.valueOf(i)));
                }
                assertThat(received).isEqualTo(expected);

                HttpReply r = slowBrowser.post(slowBrowser.connectJson(slow, "long-polling", null));
                JsonNode reply = r.reply("/meta/connect");
                assertThat(reply.path("successful").asBoolean()).as("%s", r.body()).isFalse();
                assertThat(reply.path("error").asText()).startsWith("402");
            }
        }
    }

    @Nested
    class OrbitChannels {
        @Test
        void anOrbitPublishToAChannelReachesABayeuxSubscriber() {
            BayeuxBrowser a = browser();
            String clientId = a.connected();
            a.subscribe(clientId, "/chat/room1");
            try (OrbitTestClient app = node.orbit()) {
                CompletableFuture<HttpReply> poll = a.connectAsync(clientId);
                String id = app.send("{\"from\":\"orbit\",\"n\":[1,2]}", "/chat/room1");
                assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
                assertThat(await(poll).deliveries())
                        .containsExactly(parse("{\"data\":{\"from\":\"orbit\",\"n\":[1,2]},\"channel\":\"/chat/room1\"}"));

                poll = a.connectAsync(clientId);
                id = app.send("plain <text>, not JSON", "/chat/room1");
                assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
                assertThat(await(poll).deliveries())
                        .containsExactly(parse("{\"data\":\"plain <text>, not JSON\",\"channel\":\"/chat/room1\"}"));
            }
        }

        @Test
        void aBayeuxPublishReachesAnOrbitBrowserSubscribedToTheChannel() {
            try (SseClient sse = SseClient.open(node.httpPort(), "/loc?user=o&transport=sse&channel=/chat/room1")) {
                sse.awaitMessages(1, BayeuxBrowser.WAIT);
                node.awaitConnections("o", "0", "/loc", 1);
                BayeuxBrowser a = browser();
                a.publish(a.connected(), "/chat/room1", "{\"text\":\"to orbit\"}");
                List<SseClient.Message> events = sse.awaitMessage(SseClient.Message::isEvent, "an event",
                        BayeuxBrowser.WAIT).stream().filter(SseClient.Message::isEvent).toList();
                assertThat(events).hasSize(1);
                assertThat(parse(events.get(0).data())).isEqualTo(parse("{\"text\":\"to orbit\"}"));
            }
        }
    }

    @Nested
    class Extensions {
        @Test
        void ackRedeliversALostResponseInOrderThenNewEvents() {
            BayeuxBrowser a = browser();
            HttpReply hs = a.post("/cometd/handshake", a.handshakeJson("[\"long-polling\"]", "{\"ack\":true}"));
            JsonNode hsReply = successful(hs, "/meta/handshake");
            assertThat(hsReply.get("ext")).isEqualTo(parse("{\"ack\":true}"));
            String clientId = hsReply.path("clientId").asText();
            successful(a.post(a.connectJson(clientId, "long-polling", "\"advice\":{\"timeout\":0},\"ext\":{\"ack\":0}")),
                    "/meta/connect");
            a.subscribe(clientId, "/acked");

            HttpReply p1 = a.publish(clientId, "/acked", "\"one\"");
            HttpReply p2 = a.publish(clientId, "/acked", "\"two\"");
            assertThat(p1.deliveries()).as("no piggyback in an ack session").isEmpty();
            assertThat(p2.deliveries()).isEmpty();

            HttpReply first = a.post(a.connectJson(clientId, "long-polling", "\"ext\":{\"ack\":0}"));
            assertThat(first.deliveries()).containsExactly(delivery("one"), delivery("two"));
            long batch = successful(first, "/meta/connect").path("ext").path("ack").asLong(-1);
            assertThat(batch).isPositive();

            // That response was "lost": the client acknowledges the old batch again, after a new event.
            a.publish(clientId, "/acked", "\"three\"");
            HttpReply resent = a.post(a.connectJson(clientId, "long-polling", "\"ext\":{\"ack\":0}"));
            assertThat(resent.deliveries()).containsExactly(delivery("one"), delivery("two"), delivery("three"));
            long resentBatch = successful(resent, "/meta/connect").path("ext").path("ack").asLong();
            assertThat(resentBatch).isGreaterThan(batch);

            a.publish(clientId, "/acked", "\"four\"");
            HttpReply next = a.post(a.connectJson(clientId, "long-polling", "\"ext\":{\"ack\":" + resentBatch + "}"));
            assertThat(next.deliveries()).containsExactly(delivery("four"));
            assertThat(successful(next, "/meta/connect").path("ext").path("ack").asLong()).isGreaterThan(resentBatch);
        }

        private JsonNode delivery(String text) {
            return parse("{\"data\":\"" + text + "\",\"channel\":\"/acked\"}");
        }

        @Test
        void timesyncIsAnsweredWithLagAndAccuracyAndWithoutAccuracyWhenNoLagIsGiven() {
            BayeuxBrowser a = browser();
            long tc = System.currentTimeMillis();
            HttpReply r = a.post(a.handshakeJson("[\"long-polling\"]", "{\"timesync\":{\"tc\":" + tc + ",\"l\":7,\"o\":3}}"));
            JsonNode ts = successful(r, "/meta/handshake").path("ext").path("timesync");
            assertThat(fieldNames(ts)).containsExactlyInAnyOrder("tc", "ts", "p", "a");
            assertThat(ts.get("tc").asLong()).isEqualTo(tc);
            assertThat(ts.get("ts").asLong()).isBetween(tc - 60_000, tc + 60_000);
            assertThat(ts.get("p").asLong()).isNotNegative();
            assertThat(ts.get("a").asLong()).isEqualTo(tc + 3 + 7 - ts.get("ts").asLong());

            String clientId = successful(r, "/meta/handshake").path("clientId").asText();
            long tc2 = System.currentTimeMillis();
            HttpReply c = a.post(a.connectJson(clientId, "long-polling",
                    "\"advice\":{\"timeout\":0},\"ext\":{\"timesync\":{\"tc\":" + tc2 + ",\"o\":0}}"));
            JsonNode ts2 = successful(c, "/meta/connect").path("ext").path("timesync");
            assertThat(fieldNames(ts2)).containsExactlyInAnyOrder("tc", "ts", "p");
            assertThat(ts2.get("tc").asLong()).isEqualTo(tc2);
        }

        private List<String> fieldNames(JsonNode n) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    @Nested
    class CallbackPolling {
        private static final Pattern JSONP = Pattern.compile("/\\*\\*/([A-Za-z_$][A-Za-z0-9_$.]*)\\((\\[.*\\])\\);",
                Pattern.DOTALL);

        private JsonNode unwrap(HttpReply r, String callback) {
            assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("text/javascript;charset=UTF-8");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            Matcher m = JSONP.matcher(r.body());
            assertThat(m.matches()).as("JSONP body %s", r.body()).isTrue();
            assertThat(m.group(1)).isEqualTo(callback);
            return parse(m.group(2));
        }

        private String jsonpHandshake(BayeuxBrowser b, String callback) {
            JsonNode reply = unwrap(b.jsonp(callback, b.handshakeJson("[\"callback-polling\"]", null)),
                    callback == null ? "jsonpcallback" : callback).get(0);
            assertThat(reply.path("successful").asBoolean()).isTrue();
            return reply.path("clientId").asText();
        }

        private JsonNode jsonpReply(HttpReply r, String channel) {
            for (JsonNode m : unwrap(r, "cb")) {
                if (m.has("successful") && channel.equals(m.path("channel").asText())) {
                    assertThat(m.path("successful").asBoolean()).as("%s", m).isTrue();
                    return m;
                }
            }
            throw new AssertionError("no reply on " + channel + " in " + r.body());
        }

        @Test
        void handshakeIsWrappedInTheNamedCallbackWithScriptHeaders() {
            BayeuxBrowser b = browser();
            HttpReply r = b.jsonp("myCallback", b.handshakeJson("[\"callback-polling\"]", null));
            JsonNode reply = unwrap(r, "myCallback").get(0);
            assertThat(reply.path("clientId").asText()).matches(CLIENT_ID);
            assertThat(r.header("Set-Cookie")).matches(BROWSER_COOKIE);
        }

        @Test
        void aRequestLineJustUnderTheLimitIsServed() {
            BayeuxBrowser b = browser();
            String prefix = "/cometd?jsonp=cb&message=";
            String empty = b.handshakeJson("[\"callback-polling\"]", "{\"pad\":\"\"}");
            int room = 8192 - 100 - (prefix + BayeuxBrowser.enc(empty)).length();
            String padded = b.handshakeJson("[\"callback-polling\"]", "{\"pad\":\"" + "p".repeat(room) + "\"}");
            String uri = prefix + BayeuxBrowser.enc(padded);
            assertThat(uri.length()).isBetween(8000, 8192);
            HttpReply r = b.send(b.request(uri).GET().build());
            assertThat(unwrap(r, "cb").get(0).path("successful").asBoolean()).isTrue();
        }

        @Test
        void theDefaultCallbackIsJsonpcallback() {
            BayeuxBrowser b = browser();
            assertThat(jsonpHandshake(b, null)).matches(CLIENT_ID);
        }

        @Test
        void lineAndParagraphSeparatorsAreEscapedInTheScript() {
            BayeuxBrowser b = browser();
            String clientId = jsonpHandshake(b, "cb");
            jsonpReply(b.jsonp("cb", b.connectJson(clientId, "callback-polling", "\"advice\":{\"timeout\":0}")),
                    "/meta/connect");
            jsonpReply(b.jsonp("cb", b.subscribeJson(clientId, "\"/jsonp/room\"")), "/meta/subscribe");
            jsonpReply(b.jsonp("cb", b.publishJson(clientId, "/jsonp/room", "\"a\u2028b\u2029c\"")), "/jsonp/room");

            HttpReply r = b.jsonp("cb", b.connectJson(clientId, "callback-polling", null));
            assertThat(r.body()).contains("a\\u2028b\\u2029c").doesNotContain("\u2028").doesNotContain("\u2029");
            JsonNode messages = unwrap(r, "cb");
            assertThat(messages.get(0)).isEqualTo(parse("{\"data\":\"a\u2028b\u2029c\",\"channel\":\"/jsonp/room\"}"));
        }

        @Test
        void aParkedCallbackPollingConnectIsAnsweredWhenTheSessionSendsAnythingElse() {
            BayeuxBrowser b = new BayeuxBrowser(longHold.httpPort());
            String clientId = jsonpHandshake(b, "cb");
            jsonpReply(b.jsonp("cb", b.connectJson(clientId, "callback-polling", "\"advice\":{\"timeout\":0}")),
                    "/meta/connect");
            CompletableFuture<HttpReply> parked = b.jsonpAsync("cb", b.connectJson(clientId, "callback-polling", null));
            awaitParked(longHold, clientId);

            jsonpReply(b.jsonp("cb", b.subscribeJson(clientId, "\"/jsonp/other\"")), "/meta/subscribe");
            HttpReply released = answered(parked, "parked connect, released by the subscribe (else held 60 s)");
            jsonpReply(released, "/meta/connect");
        }
    }

    @Nested
    class Cors {
        private HttpReply preflight(int port, String origin) {
            BayeuxBrowser b = new BayeuxBrowser(port);
            return b.send(b.request("/cometd").header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        }

        @Test
        void anAllowedOriginIsEchoedWithCredentialsAndOthersGetNoAllowOrigin() {
            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(3000)
                    .allowedOrigins(List.of("https://site.example"))))) {
                HttpReply ok = preflight(n.httpPort(), "https://site.example");
                assertThat(ok.status()).isEqualTo(204);
                assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://site.example");
                assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");

                HttpReply other = preflight(n.httpPort(), "https://other.example");
                assertThat(other.header("Access-Control-Allow-Origin")).isNull();
                assertThat(other.header("Access-Control-Allow-Credentials")).isNull();

                BayeuxBrowser site = new BayeuxBrowser(n.httpPort());
                HttpReply post = site.send(site.request("/cometd").header("Origin", "https://site.example")
                        .header("Content-Type", BayeuxBrowser.JSON_TYPE).POST(HttpRequest.BodyPublishers.ofString(
                                site.handshakeJson("[\"long-polling\"]", null), StandardCharsets.UTF_8)).build());
                successful(post, "/meta/handshake");
                assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo("https://site.example");
                assertThat(post.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            }
        }

        @Test
        void aWildcardEchoesAnyOrigin() {
            try (RunningNode n = RunningNode.start(io, b -> b.bayeux(x -> x.timeoutMillis(3000).allowedOrigins(List.of("*"))))) {
                HttpReply r = preflight(n.httpPort(), "https://anywhere.example");
                assertThat(r.status()).isEqualTo(204);
                assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://anywhere.example");
                assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            }
        }
    }
}
