package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.transport.ClientTransport;
import org.eclipse.jetty.http.HttpCookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;

/**
 * The real CometD 8.0.9 Java client (long-polling) against the node's {@code /cometd} endpoint: handshake and
 * browser cookie, publish/subscribe with wildcards, data fidelity, body limit, batches, unsubscribe and disconnect
 * (bayeux.md sections 1-9, checklist 14; refusals are in {@link JavaClientRefusalsTest}). Where the client hides
 * the wire or will not send a request, {@link RawBayeux} checks the bytes. One node for the class; each test uses
 * its own channels.
 */
class JavaClientConformanceTest {
    @RegisterExtension
    static final SharedNode NODE = SharedNode.forConformance();
    @RegisterExtension
    final CometdJavaClients clients = new CometdJavaClients();

    // ---- handshake -------------------------------------------------------------------------------------------

    @Test
    void handshakeReachesConnectedWithAnAlphanumericClientIdAndAnHttpOnlyBrowserCookie() {
        JavaClient c = clients.connected(NODE.url());

        assertThat(c.bayeux.getId()).matches("[A-Za-z0-9]{26,}");
        HttpCookie cookie = c.bayeux.getCookie("BAYEUX_BROWSER");
        assertThat(cookie).as("BAYEUX_BROWSER in the client's cookie store").isNotNull();
        assertThat(cookie.getValue()).isNotEmpty();
        assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(c.bayeux.getTransport().getName()).isEqualTo("long-polling");

        JavaClient other = clients.connected(NODE.url());
        assertThat(other.bayeux.getId()).isNotEqualTo(c.bayeux.getId());
    }

    @Test
    void handshakeSetsTheBrowserCookieOnTheWire() {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        HttpResponse<String> r = raw.post("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]");

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> cookies = r.headers().allValues("set-cookie");
        assertThat(cookies).as("Set-Cookie headers").hasSize(1);
        List<String> attributes = Arrays.stream(cookies.get(0).split(";")).map(String::trim).toList();
        assertThat(attributes.get(0)).matches("BAYEUX_BROWSER=[^;\\s]+");
        assertThat(attributes).anyMatch(a -> a.equalsIgnoreCase("HttpOnly")).anyMatch(a -> a.equals("Path=/"));
        JsonNode reply = RawBayeux.reply(RawBayeux.array(r), "1");
        assertThat(reply.path("successful").asBoolean()).isTrue();
        assertThat(reply.path("clientId").asText()).matches("[A-Za-z0-9]{26,}");
    }

    // ---- publish / subscribe ---------------------------------------------------------------------------------

    @Test
    void everySubscriberIncludingThePublisherGetsExactlyOneCopy() {
        JavaClient a = clients.connected(NODE.url());
        JavaClient b = clients.connected(NODE.url());
        Inbox inA = new Inbox();
        Inbox inB = new Inbox();
        a.subscribeOk("/pub/room1", inA);
        b.subscribeOk("/pub/room1", inB);

        a.publishOk("/pub/room1", Map.of("n", 1, "text", "hello"));
        a.publishOk("/pub/room1", Map.of("n", 2, "text", "sentinel"));
        inA.awaitField("n", 2L);
        inB.awaitField("n", 2L);

        assertThat(inA.countField("n", 1L)).as("publisher's own copies").isEqualTo(1);
        assertThat(inB.countField("n", 1L)).as("other subscriber's copies").isEqualTo(1);
        assertThat(a.deliveriesOn("/pub/room1")).hasSize(2);
        assertThat(b.deliveriesOn("/pub/room1")).hasSize(2);
        for (Message m : b.deliveriesOn("/pub/room1")) {
            assertThat(m.getClientId()).as("no clientId in a delivery: %s", m).isNull();
            assertThat(m.getId()).as("no publisher id in a delivery: %s", m).isNull();
        }
    }

    @Test
    void overlappingSubscriptionsOfOneSessionGiveOneCopy() {
        JavaClient sub = clients.connected(NODE.url());
        JavaClient pub = clients.connected(NODE.url());
        Inbox deep = new Inbox();
        Inbox exact = new Inbox();
        sub.subscribeOk("/overlap/**", deep);
        sub.subscribeOk("/overlap/room1", exact);

        pub.publishOk("/overlap/room1", Map.of("n", 1));
        pub.publishOk("/overlap/room1", Map.of("n", 2));
        exact.awaitField("n", 2L);
        deep.awaitField("n", 2L);

        assertThat(sub.deliveriesOn("/overlap/room1")).as("copies on the wire").hasSize(2);
        assertThat(exact.size()).isEqualTo(2);
        assertThat(deep.size()).isEqualTo(2);
    }

    @Test
    void singleWildcardMatchesOneSegmentAndDoubleWildcardMatchesMany() {
        JavaClient one = clients.connected(NODE.url());
        JavaClient many = clients.connected(NODE.url());
        JavaClient all = clients.connected(NODE.url());
        JavaClient pub = clients.connected(NODE.url());
        Inbox inOne = new Inbox();
        Inbox inMany = new Inbox();
        Inbox inAll = new Inbox();
        one.subscribeOk("/wild/*", inOne);
        many.subscribeOk("/wild/**", inMany);
        all.subscribeOk("/**", inAll);

        for (String channel : List.of("/wild", "/wild/a", "/wild/a/b", "/wildcard", "/wild/end")) {
            pub.publishOk(channel, Map.of("to", channel));
        }
        inOne.awaitField("to", "/wild/end");
        inMany.awaitField("to", "/wild/end");
        inAll.awaitField("to", "/wild/end");

        assertThat(channels(one.wireDeliveries)).containsExactly("/wild/a", "/wild/end");
        assertThat(channels(many.wireDeliveries)).containsExactly("/wild/a", "/wild/a/b", "/wild/end");
        assertThat(channels(all.wireDeliveries)).containsExactly("/wild", "/wild/a", "/wild/a/b", "/wildcard",
                "/wild/end");
    }

    @Test
    void dataRoundTripsUnchanged() throws Exception {
        JavaClient pub = clients.connected(NODE.url());
        JavaClient sub = clients.connected(NODE.url());
        Inbox in = new Inbox();
        sub.subscribeOk("/data/x", in);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "h\u00e9llo \u65e5\u672c\u8a9e \u00df \u2028 \u2029 tab\t nl\n cr\r quote\" back\\ slash/ "
                + "nul\u0000 bell\u0007 </script>");
        data.put("emoji", "\uD83D\uDE00 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08");
        data.put("numbers", List.of(0, -1, 42, Long.MAX_VALUE, -Long.MAX_VALUE, 0.1, -2.5e-7, 123456.789,
                1.7976931348623157e308, 4.9e-324));
        data.put("nulls", Arrays.asList(null, "x", null));
        data.put("nullValue", null);
        data.put("booleans", List.of(true, false));
        data.put("emptyObject", Map.of());
        data.put("emptyArray", List.of());
        data.put("emptyString", "");
        data.put("", "empty key");
        data.put("nested", nested(24));

        pub.publishOk("/data/x", data);
        Message got = in.awaitAtLeast(1).messages.get(0);

        assertThat(normalized(got.getData())).isEqualTo(normalized(data));
        // Scalars and arrays are data too.
        for (Object scalar : List.of("just a string \uD83D\uDE00", 7, 2.5, true, List.of(1, "two", Map.of("3", 3)))) {
            pub.publishOk("/data/x", scalar);
        }
        in.awaitAtLeast(6);
        assertThat(in.messages.subList(1, 6).stream().map(m -> normalized(m.getData())).toList())
                .containsExactly(normalized("just a string \uD83D\uDE00"), normalized(7), normalized(2.5),
                        normalized(true), normalized(List.of(1, "two", Map.of("3", 3))));
    }

    @Test
    void bigNumbersAndNestedArraysPassThroughUnchanged() throws Exception {
        // The Java client's JSON parser can hold neither (it reads numbers as long/double and fails on [[...]]);
        // raw HTTP shows the bytes.
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");
        assertThat(raw.subscribe("\"/data/big\"").path("successful").asBoolean()).isTrue();

        String big = "123456789012345678901234567890123";
        String decimal = "3.1415926535897932384626433832795028841971";
        String arrays = "[[1,[2,[3,[]]]],[],[[\"x\"]]]";
        String id = raw.nextId();
        HttpResponse<String> published = raw.post("[" + raw.msg(id, "\"channel\":\"/data/big\",\"data\":{\"big\":"
                + big + ",\"dec\":" + decimal + ",\"arrays\":" + arrays + "}") + "]");
        ArrayNode publishAnswer = RawBayeux.array(published);
        assertThat(RawBayeux.reply(publishAnswer, id).path("successful").asBoolean()).isTrue();
        String wire = published.body();
        if (RawBayeux.deliveries(publishAnswer, "/data/big").isEmpty()) {
            wire = raw.post("[" + raw.connectMessage(raw.nextId(), "{\"timeout\":0}") + "]").body();
        }

        assertThat(wire).contains("/data/big").contains(big).contains(decimal);
        JsonNode delivered = RawBayeux.deliveries(RawBayeux.array(wire), "/data/big").get(0).path("data");
        assertThat(delivered.path("arrays")).isEqualTo(RawBayeux.JSON.readTree(arrays));
    }

    @Test
    void aPayloadNearTheOneMebibyteBodyLimitRoundTrips() {
        JavaClient pub = clients.create(NODE.url());
        JavaClient sub = clients.create(NODE.url());
        for (JavaClient c : List.of(pub, sub)) {
            c.bayeux.setOption(ClientTransport.MAX_MESSAGE_SIZE_OPTION, 4 << 20);
            c.handshake();
        }
        Inbox in = new Inbox();
        sub.subscribeOk("/data/huge", in);

        String tail = "\u00e9\u65e5\uD83D\uDE00\u2028";
        String blob = "x".repeat((1 << 20) - 2048) + tail; // body stays under the node's 1 MiB maxMessageSize
        pub.publishOk("/data/huge", Map.of("blob", blob));

        Message got = in.awaitAtLeast(1).messages.get(0);
        Object received = got.getDataAsMap().get("blob");
        assertThat(received).isInstanceOf(String.class);
        assertThat(((String) received).length()).isEqualTo(blob.length());
        assertThat(received).isEqualTo(blob);
    }

    @Test
    void aBodyOverTheOneMebibyteLimitIsRefusedWith413AndTheSessionGoesOn() throws Exception {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");
        String head = "[{\"id\":\"1\",\"clientId\":\"" + raw.clientId() + "\",\"channel\":\"/data/over\",\"data\":\"";
        String tail = "\"}]";
        String body = head + "y".repeat((1 << 20) + 1 - head.length() - tail.length()) + tail;
        assertThat(body.length()).isEqualTo((1 << 20) + 1);

        // A plain socket that sends the whole request, then reads: java.net.http sometimes reports "header parser
        // received no bytes" instead of the 413 (about 8 in 100 tries), as the node closes the connection right
        // after answering while the body is still arriving.
        String answer = RawSocket.exchange(NODE.httpPort(), "POST /cometd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json;charset=UTF-8\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(raw.publish("/data/over", "\"small\"").path("successful").asBoolean()).isTrue();
    }

    @Test
    void aBatchCarriesSeveralSubscribesAndPublishesInOneRequest() {
        JavaClient c = clients.connected(NODE.url());
        List<String> channels = List.of("/batch/a", "/batch/b", "/batch/c");
        Map<String, Inbox> inboxes = new LinkedHashMap<>();
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        int before = c.sentBatches.size();

        c.bayeux.batch(() -> {
            for (String ch : channels) {
                Inbox in = new Inbox();
                inboxes.put(ch, in);
                CompletableFuture<Message> r = new CompletableFuture<>();
                replies.add(r);
                c.bayeux.getChannel(ch).subscribe(in, r::complete);
            }
            for (String ch : channels) {
                CompletableFuture<Message> r = new CompletableFuture<>();
                replies.add(r);
                c.bayeux.getChannel(ch).publish(Map.of("to", ch), r::complete);
            }
        });

        for (CompletableFuture<Message> r : replies) {
            Message reply = CometdJavaClients.await(r, "a reply in the batch");
            assertThat(reply.isSuccessful()).as("%s", reply).isTrue();
        }
        for (String ch : channels) {
            inboxes.get(ch).awaitField("to", ch);
        }
        List<String> batched = List.of("/meta/subscribe", "/meta/subscribe", "/meta/subscribe", "/batch/a",
                "/batch/b", "/batch/c");
        assertThat(c.sentBatches.subList(before, c.sentBatches.size())).as("one HTTP request with all six")
                .contains(batched);
        for (String ch : channels) {
            assertThat(c.deliveriesOn(ch)).hasSize(1);
        }
    }

    @Test
    void unsubscribeStopsDeliveries() {
        JavaClient sub = clients.connected(NODE.url());
        JavaClient pub = clients.connected(NODE.url());
        Inbox in = new Inbox();
        Inbox sentinel = new Inbox();
        sub.subscribeOk("/unsub/a", in);
        sub.subscribeOk("/unsub/sentinel", sentinel);
        pub.publishOk("/unsub/a", Map.of("n", 1));
        in.awaitField("n", 1L);

        Message reply = sub.unsubscribe("/unsub/a", in);
        assertThat(reply.isSuccessful()).as("%s", reply).isTrue();
        assertThat(reply.get(Message.SUBSCRIPTION_FIELD)).isEqualTo("/unsub/a");
        pub.publishOk("/unsub/a", Map.of("n", 2));
        pub.publishOk("/unsub/sentinel", Map.of("n", 3));
        sentinel.awaitField("n", 3L);

        assertThat(sub.deliveriesOn("/unsub/a")).as("deliveries after unsubscribing").hasSize(1);
    }

    @Test
    void unsubscribeOfAChannelNeverSubscribedSucceeds() {
        // The Java client never sends this (it unsubscribes only what it subscribed), so raw HTTP.
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");

        JsonNode reply = raw.unsubscribe("\"/never/subscribed\"");
        assertThat(reply.path("successful").asBoolean()).as("%s", reply).isTrue();
        assertThat(reply.path("channel").asText()).isEqualTo("/meta/unsubscribe");
        assertThat(reply.path("subscription").asText()).isEqualTo("/never/subscribed");
    }

    // ---- disconnect -------------------------------------------------------------------------------------------

    @Test
    void theJavaClientDisconnects() {
        JavaClient c = clients.connected(NODE.url());
        Inbox in = new Inbox();
        c.subscribeOk("/bye/room", in);
        CompletableFuture<Message> reply = new CompletableFuture<>();

        c.bayeux.disconnect(reply::complete);

        Message r = CometdJavaClients.await(reply, "disconnect reply");
        assertThat(r.isSuccessful()).as("%s", r).isTrue();
        assertThat(c.bayeux.waitFor(CometdJavaClients.WAIT_MS, BayeuxClient.State.DISCONNECTED)).isTrue();
        // Others can still publish to the channel it left.
        JavaClient other = clients.connected(NODE.url());
        other.publishOk("/bye/room", Map.of("n", 1));
    }

    @Test
    void disconnectReleasesAParkedConnectWithReconnectNone() throws Exception {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");
        String connectId = raw.nextId();
        CompletableFuture<HttpResponse<String>> parked = raw.postAsync("[" + raw.connectMessage(connectId, null) + "]");
        Awaitility.await("the connect stays parked").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !parked.isDone());

        JsonNode disconnected = raw.send("\"channel\":\"/meta/disconnect\"");
        assertThat(disconnected.path("successful").asBoolean()).as("%s", disconnected).isTrue();
        JsonNode released = RawBayeux.reply(RawBayeux.array(RawBayeux.await(parked)), connectId);

        assertThat(released.path("successful").asBoolean()).as("%s", released).isTrue();
        // A timeout answer has no advice (unchanged since the first connect): reconnect none is the disconnect's.
        assertThat(released.path("advice").path("reconnect").asText())
                .as("released by the disconnect, not by the 3 s timeout: %s", released).isEqualTo("none");

        // The session is gone.
        JsonNode again = raw.connectReply(null);
        assertThat(again.path("successful").asBoolean()).isFalse();
        assertThat(again.path("error").asText()).isEqualTo("402::session_unknown");
        assertThat(again.path("advice")).isEqualTo(RawBayeux.JSON.readTree("{\"reconnect\":\"handshake\",\"interval\":0}"));
        JsonNode publish = raw.publish("/bye/raw", "1");
        assertThat(publish.path("error").asText()).isEqualTo("402::session_unknown");
        assertThat(publish.has("advice")).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static List<String> channels(List<Message> messages) {
        return messages.stream().map(Message::getChannel).toList();
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", depth);
        if (depth > 0) {
            m.put("child", nested(depth - 1));
            // No array directly inside an array: CometD 8.0.9's default (Jetty) async JSON parser, in the client as
            // in its server, fails on [[...]] with a ClassCastException; the raw test covers nested arrays.
            m.put("list", List.of(depth, Map.of("d", List.of(depth, "d" + depth))));
        }
        return m;
    }

    /** Compares JSON values independently of Java types (Integer vs Long, Object[] vs List). */
    static JsonNode normalized(Object value) {
        try {
            return RawBayeux.JSON.readTree(RawBayeux.JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new AssertionError("not serializable: " + value, e);
        }
    }
}
