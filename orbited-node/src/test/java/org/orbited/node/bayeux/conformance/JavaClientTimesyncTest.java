package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cometd.bayeux.Channel;
import org.cometd.client.ext.TimesyncClientExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;

/**
 * The timesync extension (bayeux.md 6.2) with CometD's {@link TimesyncClientExtension}, and the reply fields on
 * the wire: {@code {tc,ts,p,a}} when the request has {@code l}, {@code {tc,ts,p}} without it. Client and node
 * share this machine's clock, so the offset the client computes must be close to zero.
 */
class JavaClientTimesyncTest {
    @RegisterExtension
    static final SharedNode NODE = SharedNode.forConformance();
    @RegisterExtension
    final CometdJavaClients clients = new CometdJavaClients();

    @Test
    void theJavaClientHandshakesWithTimesyncAndComputesAnOffset() {
        RecordingExtension rec = new RecordingExtension();
        TimesyncClientExtension timesync = new TimesyncClientExtension();
        long before = System.currentTimeMillis();
        JavaClient c = clients.connected(NODE.url(), rec, timesync);
        long after = System.currentTimeMillis();
        // Every exchange timesync sampled (handshake, first connect) happened within [before, after]: bound by that,
        // not by a fixed time, so a slow machine cannot fail these.
        int exchanges = (int) (after - before);

        Map<String, Object> handshakeExt = RecordingExtension.ext(rec.receivedOn(Channel.META_HANDSHAKE).get(0));
        assertThat(handshakeExt).as("handshake reply ext").isNotNull().containsKey("timesync");
        @SuppressWarnings("unchecked")
        Map<String, Object> sync = (Map<String, Object>) handshakeExt.get("timesync");
        assertThat(sync).containsKeys("tc", "ts", "p");
        long ts = ((Number) sync.get("ts")).longValue();
        assertThat(ts).as("server time at receipt").isBetween(before - 1000, after + 1000);
        assertThat(((Number) sync.get("p")).longValue()).as("p, within the client's exchange")
                .isBetween(0L, after - before);

        assertThat(Math.abs(timesync.getOffset())).as("offset against the same clock")
                .isLessThanOrEqualTo(exchanges + 5);
        assertThat(timesync.getLag()).as("lag, within the client's exchange").isBetween(-5, exchanges);
        long t1 = System.currentTimeMillis();
        long serverTime = timesync.getServerTime();
        long t2 = System.currentTimeMillis();
        assertThat(serverTime).as("server time").isBetween(t1 - exchanges - 5, t2 + exchanges + 5);

        Inbox in = new Inbox();
        c.subscribeOk("/timesync/room", in);
        c.publishOk("/timesync/room", Map.of("n", 1));
        in.awaitField("n", 1L);
    }

    @Test
    void theReplyHasTcTsPAndAWhenTheRequestHasL() throws Exception {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        long tc = System.currentTimeMillis();
        JsonNode reply = raw.handshake("{\"timesync\":{\"tc\":" + tc + ",\"l\":0,\"o\":0}}");
        long after = System.currentTimeMillis();

        JsonNode sync = reply.path("ext").path("timesync");
        assertThat(fieldNames(sync)).as("%s", reply).containsExactlyInAnyOrder("tc", "ts", "p", "a");
        assertThat(sync.path("tc").asLong()).isEqualTo(tc);
        long ts = sync.path("ts").asLong();
        assertThat(ts).isBetween(tc - 1000, after + 1000);
        assertThat(sync.path("p").asLong()).isBetween(0L, after - tc + 1);
        assertThat(sync.path("a").asLong()).as("a = tc + o + l - ts").isEqualTo(tc - ts);

        // A connect with a non-zero offset and lag: a = (tc + o + l) - ts.
        String id = raw.nextId();
        long tc2 = System.currentTimeMillis();
        JsonNode connect = RawBayeux.reply(raw.exchange("[" + raw.msg(id, "\"channel\":\"/meta/connect\","
                + "\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0},"
                + "\"ext\":{\"timesync\":{\"tc\":" + tc2 + ",\"l\":0,\"o\":5000}}") + "]"), id);
        JsonNode sync2 = connect.path("ext").path("timesync");
        assertThat(fieldNames(sync2)).as("%s", connect).containsExactlyInAnyOrder("tc", "ts", "p", "a");
        assertThat(sync2.path("a").asLong()).isEqualTo(tc2 + 5000 - sync2.path("ts").asLong());
    }

    @Test
    void theReplyHasTcTsPWithoutL() {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        long tc = System.currentTimeMillis();
        JsonNode reply = raw.handshake("{\"timesync\":{\"tc\":" + tc + "}}");

        JsonNode sync = reply.path("ext").path("timesync");
        assertThat(fieldNames(sync)).as("%s", reply).containsExactlyInAnyOrder("tc", "ts", "p");
        assertThat(sync.path("tc").asLong()).isEqualTo(tc);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
