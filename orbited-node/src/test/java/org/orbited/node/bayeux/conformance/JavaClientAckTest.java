package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.client.ext.AckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;

/**
 * The acknowledgement extension (bayeux.md 6.1) with CometD's {@link AckExtension}: everything published while
 * the subscriber has no connect at the server, or while its connection is cut in the middle of a connect reply,
 * arrives exactly once and in order. The raw test shows the {@code ext.ack} fields and a redelivery on the wire.
 */
class JavaClientAckTest {
    @RegisterExtension
    static final SharedNode NODE = SharedNode.forConformance();
    @RegisterExtension
    final CometdJavaClients clients = new CometdJavaClients();

    @Test
    void messagesPublishedWhileNoConnectIsParkedArriveInOrderAndOnlyOnConnectReplies() {
        RecordingExtension rec = new RecordingExtension();
        ConnectGate gate = new ConnectGate();
        JavaClient sub = clients.connected(NODE.url(), rec, gate, new AckExtension());
        JavaClient pub = clients.connected(NODE.url());
        Object ackOffer = RecordingExtension.ext(rec.receivedOn(Channel.META_HANDSHAKE).get(0)).get("ack");
        assertThat(ackOffer.equals(Boolean.TRUE)
                || ackOffer instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("enabled")))
                .as("handshake reply ext.ack: %s", ackOffer).isTrue();
        Inbox in = new Inbox();
        sub.subscribeOk("/ack/order", in);

        int n = 0;
        for (int round = 0; round < 3; round++) {
            gate.close();
            pub.publishOk("/ack/order", Map.of("n", n++)); // wakes the parked connect; the next one is held
            gate.awaitHolding(Duration.ofSeconds(5));
            for (int i = 0; i < 30; i++) {
                pub.publishOk("/ack/order", Map.of("n", n++));
            }
            gate.open();
            for (int i = 0; i < 10; i++) {
                pub.publishOk("/ack/order", Map.of("n", n++));
            }
        }
        in.awaitAtLeast(n);
        pub.publishOk("/ack/order", Map.of("n", n++));
        in.awaitAtLeast(n);

        assertThat(numbers(in)).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        for (List<Message> answer : sub.receivedBatches) {
            boolean carriesDelivery = answer.stream().anyMatch(m -> "/ack/order".equals(m.getChannel()));
            boolean isConnectReply = answer.stream().anyMatch(m -> Channel.META_CONNECT.equals(m.getChannel()));
            assertThat(!carriesDelivery || isConnectReply)
                    .as("acknowledged sessions get deliveries on connect replies only: %s", answer).isTrue();
        }
        List<Long> acks = new ArrayList<>();
        for (Map<String, Object> connect : rec.sentOn(Channel.META_CONNECT)) {
            acks.add(((Number) RecordingExtension.ext(connect).get("ack")).longValue());
        }
        assertThat(acks).as("ext.ack of the connects").isSorted();
        assertThat(acks.get(acks.size() - 1)).isPositive();
    }

    @Test
    void aConnectionCutInTheMiddleOfAConnectReplyLosesNothingAndKeepsOrder() throws Exception {
        try (TcpCutProxy proxy = new TcpCutProxy(NODE.httpPort())) {
            JavaClient sub = clients.connected("http://127.0.0.1:" + proxy.port() + "/cometd", new AckExtension());
            JavaClient pub = clients.connected(NODE.url());
            Inbox in = new Inbox();
            sub.subscribeOk("/ack/cut", in);
            proxy.cutResponsesContaining("cut-me", 3);

            int total = 200;
            for (int i = 0; i < total; i++) {
                pub.publishOk("/ack/cut", Map.of("n", i, "tag", "cut-me"));
            }
            in.awaitAtLeast(total, Duration.ofSeconds(20));
            pub.publishOk("/ack/cut", Map.of("n", total, "tag", "last"));
            in.awaitField("n", (long) total);

            assertThat(proxy.cutsDone()).as("connect replies cut mid-response").isEqualTo(3);
            assertThat(numbers(in)).containsExactlyElementsOf(IntStream.rangeClosed(0, total).boxed().toList());
        }
    }

    @Test
    void theAckFieldsAndARedeliveryOnTheWire() {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        JsonNode hs = raw.handshake("{\"ack\":true}");
        JsonNode offer = hs.path("ext").path("ack");
        assertThat(offer.asBoolean(false) || offer.path("enabled").asBoolean(false)).as("%s", hs).isTrue();
        String first = raw.nextId();
        JsonNode c1 = RawBayeux.reply(raw.exchange("[" + raw.msg(first, "\"channel\":\"/meta/connect\","
                + "\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0},\"ext\":{\"ack\":0}") + "]"), first);
        assertThat(c1.path("successful").asBoolean()).as("%s", c1).isTrue();
        assertThat(c1.path("ext").path("ack").isIntegralNumber()).as("connect reply ext.ack: %s", c1).isTrue();
        long b1 = c1.path("ext").path("ack").asLong();
        assertThat(raw.subscribe("\"/ack/raw\"").path("successful").asBoolean()).isTrue();

        String pubId = raw.nextId();
        ArrayNode published = raw.exchange("[" + raw.msg(pubId, "\"channel\":\"/ack/raw\",\"data\":\"acked\"") + "]");
        assertThat(RawBayeux.deliveries(published, "/ack/raw")).as("no piggyback in ack mode: %s", published).isEmpty();

        ArrayNode a2 = connectWithAck(raw, b1);
        assertThat(RawBayeux.deliveries(a2, "/ack/raw")).as("%s", a2).hasSize(1);
        long b2 = connectReplyOf(a2).path("ext").path("ack").asLong();
        assertThat(b2).isGreaterThan(b1);

        ArrayNode again = connectWithAck(raw, b1); // as if the reply with batch b2 had been lost
        assertThat(RawBayeux.deliveries(again, "/ack/raw")).as("redelivered: %s", again).hasSize(1);
        assertThat(RawBayeux.deliveries(again, "/ack/raw").get(0).path("data").asText()).isEqualTo("acked");
        long b3 = connectReplyOf(again).path("ext").path("ack").asLong();

        ArrayNode acked = connectWithAck(raw, b3);
        assertThat(RawBayeux.deliveries(acked, "/ack/raw")).as("acknowledged: %s", acked).isEmpty();
    }

    private static ArrayNode connectWithAck(RawBayeux raw, long ack) {
        return raw.exchange("[" + raw.msg(raw.nextId(), "\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                + "\"advice\":{\"timeout\":0},\"ext\":{\"ack\":" + ack + "}") + "]");
    }

    private static JsonNode connectReplyOf(ArrayNode answer) {
        for (JsonNode m : answer) {
            if ("/meta/connect".equals(m.path("channel").asText())) {
                assertThat(m.path("successful").asBoolean()).as("%s", m).isTrue();
                return m;
            }
        }
        throw new AssertionError("no connect reply in " + answer);
    }

    static List<Integer> numbers(Inbox in) {
        return in.messages.stream().map(m -> ((Number) m.getDataAsMap().get("n")).intValue()).toList();
    }
}
