package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.ext.AckExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.RunningNode;

/**
 * Sessions ending under the clients' feet (checklist 14): expiry after {@code maxInterval} without a connect (and
 * not before), the Java client re-handshaking and resubscribing after an expiry and after a node restart, and a
 * slow consumer cut off at {@code maxQueue} while a well-behaved client gets everything. Each test has its own
 * node, as each needs its own settings.
 */
class JavaClientSessionLifecycleTest {
    private static final long MAX_INTERVAL_MS = 2000;
    /** Past {@code maxInterval}, plus room for a sweep period (CometD: 997 ms) and scheduling. */
    private static final long EXPIRED_AFTER_MS = MAX_INTERVAL_MS + 1500;

    private final CometdJavaClients clients = new CometdJavaClients();
    private final List<RunningNode> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        clients.close();
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(UnaryOperator<NodeConfig.Builder> tweak) {
        RunningNode n = RunningNode.start(tweak);
        nodes.add(n);
        return n;
    }

    /**
     * Closes {@code gate} at a moment the server holds a parked connect for {@code clientId}, so the next
     * publication wakes that connect and only the one after it is held. (Closed between two connects, the gate
     * would hold the next connect at once and the publication would wait in the session: a loaded machine widens
     * that window.)
     */
    private static void closeWhileParked(ConnectGate gate, RunningNode n, String clientId) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Awaitility.await("a parked connect").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> org.orbited.node.bayeux.BayeuxServerProbe.isParked(n.node().bayeux(), clientId));
            gate.close();
            if (org.orbited.node.bayeux.BayeuxServerProbe.isParked(n.node().bayeux(), clientId)) {
                return;
            }
            gate.open(); // the parked connect was answered meanwhile: let the next one through and try again
        }
        throw new AssertionError("never closed the gate while a connect was parked");
    }

    private static String url(RunningNode n) {
        return "http://127.0.0.1:" + n.httpPort() + "/cometd";
    }

    @Test
    void aSessionThatStopsConnectingExpiresAfterMaxIntervalAndNotBefore() throws Exception {
        RunningNode n = start(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(MAX_INTERVAL_MS)));
        RawBayeux early = new RawBayeux(n.httpPort());
        RawBayeux late = new RawBayeux(n.httpPort());
        early.handshake();
        late.handshake();
        assertThat(early.connectReply("{\"timeout\":0}").path("successful").asBoolean()).isTrue();
        long earlyAt = System.nanoTime();
        assertThat(late.connectReply("{\"timeout\":0}").path("successful").asBoolean()).isTrue();
        long lateAt = System.nanoTime();

        awaitPast(earlyAt + ms(MAX_INTERVAL_MS / 2), "half of maxInterval");
        JsonNode stillThere = early.connectReply("{\"timeout\":0}");
        assertThat(stillThere.path("successful").asBoolean()).as("before maxInterval: %s", stillThere).isTrue();

        awaitPast(lateAt + ms(EXPIRED_AFTER_MS), "maxInterval and a sweep");
        JsonNode expired = late.connectReply(null);
        assertThat(expired.path("successful").asBoolean()).as("%s", expired).isFalse();
        assertThat(expired.path("error").asText()).isEqualTo("402::session_unknown");
        assertThat(expired.path("advice"))
                .isEqualTo(RawBayeux.JSON.readTree("{\"reconnect\":\"handshake\",\"interval\":0}"));
    }

    @Test
    void theJavaClientReHandshakesAfterAnExpiryAndKeepsReceiving() {
        RunningNode n = start(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(MAX_INTERVAL_MS)));
        ConnectGate gate = new ConnectGate();
        JavaClient sub = clients.create(url(n), gate);
        Inbox in = new Inbox();
        AtomicReference<CompletableFuture<Message>> subscribed = resubscribeOnHandshake(sub, "/expire/room", in);
        AtomicLong lastConnectReply = new AtomicLong();
        List<Message> failedConnects = new CopyOnWriteArrayList<>();
        sub.bayeux.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (ch, m) -> {
            lastConnectReply.set(System.nanoTime());
            if (!m.isSuccessful()) {
                failedConnects.add(m);
            }
        });
        sub.handshake();
        assertSubscribed(subscribed);
        String firstId = sub.bayeux.getId();
        JavaClient pub = clients.connected(url(n));
        pub.publishOk("/expire/room", Map.of("n", 1));
        in.awaitField("n", 1L);

        closeWhileParked(gate, n, firstId);
        pub.publishOk("/expire/room", Map.of("n", 2)); // wakes the parked connect; the next one is held
        in.awaitField("n", 2L);
        gate.awaitHolding(Duration.ofSeconds(5));
        awaitPast(lastConnectReply.get() + ms(EXPIRED_AFTER_MS), "the held session's expiry");
        gate.open();

        Awaitility.await("a new session").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> sub.bayeux.isConnected() && !firstId.equals(sub.bayeux.getId()));
        assertSubscribed(subscribed);
        assertThat(failedConnects).isNotEmpty();
        assertThat(failedConnects.get(0).get(Message.ERROR_FIELD)).isEqualTo("402::session_unknown");
        pub.publishOk("/expire/room", Map.of("n", 3));
        pub.publishOk("/expire/room", Map.of("n", 4));
        in.awaitField("n", 4L);
        assertThat(JavaClientAckTest.numbers(in)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void unacknowledgedEventsDieWithAnExpiredSession() {
        RunningNode n = start(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(MAX_INTERVAL_MS)));
        ConnectGate gate = new ConnectGate();
        JavaClient sub = clients.create(url(n), gate, new AckExtension());
        Inbox in = new Inbox();
        AtomicReference<CompletableFuture<Message>> subscribed = resubscribeOnHandshake(sub, "/expire/acked", in);
        AtomicLong lastConnectReply = new AtomicLong();
        sub.bayeux.getChannel(Channel.META_CONNECT).addListener(
                (ClientSessionChannel.MessageListener) (ch, m) -> lastConnectReply.set(System.nanoTime()));
        sub.handshake();
        assertSubscribed(subscribed);
        String firstId = sub.bayeux.getId();
        JavaClient pub = clients.connected(url(n));
        pub.publishOk("/expire/acked", Map.of("n", 1));
        in.awaitField("n", 1L);

        closeWhileParked(gate, n, firstId);
        pub.publishOk("/expire/acked", Map.of("n", 2));
        in.awaitField("n", 2L);
        gate.awaitHolding(Duration.ofSeconds(5));
        pub.publishOk("/expire/acked", Map.of("n", 3)); // queued for a session that will expire
        pub.publishOk("/expire/acked", Map.of("n", 4));
        awaitPast(lastConnectReply.get() + ms(EXPIRED_AFTER_MS), "the held session's expiry");
        gate.open();

        Awaitility.await("a new session").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> sub.bayeux.isConnected() && !firstId.equals(sub.bayeux.getId()));
        assertSubscribed(subscribed);
        pub.publishOk("/expire/acked", Map.of("n", 5));
        in.awaitField("n", 5L);
        assertThat(JavaClientAckTest.numbers(in)).as("3 and 4 died with the first session").containsExactly(1, 2, 5);
    }

    @Test
    void afterANodeRestartTheJavaClientReHandshakesResubscribesAndGetsNoDuplicates() {
        UnaryOperator<NodeConfig.Builder> cfg = b -> b.shutdownDrain(Duration.ofMillis(200))
                .bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(10000));
        RunningNode first = start(cfg);
        int port = first.httpPort();
        JavaClient sub = clients.create(url(first));
        Inbox in = new Inbox();
        AtomicReference<CompletableFuture<Message>> subscribed = resubscribeOnHandshake(sub, "/restart/room", in);
        sub.handshake();
        assertSubscribed(subscribed);
        JavaClient pub = clients.connected(url(first));
        pub.publishOk("/restart/room", Map.of("n", 0));
        in.awaitField("n", 0L);
        String subId = sub.bayeux.getId();
        String pubId = pub.bayeux.getId();

        first.close();
        nodes.remove(first);
        RunningNode second = start(b -> cfg.apply(b).httpPort(port));
        assertThat(second.httpPort()).isEqualTo(port);

        Awaitility.await("both clients re-handshaken").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> sub.bayeux.isConnected() && pub.bayeux.isConnected()
                        && !subId.equals(sub.bayeux.getId()) && !pubId.equals(pub.bayeux.getId()));
        assertSubscribed(subscribed);
        for (int i = 1; i <= 10; i++) {
            pub.publishOk("/restart/room", Map.of("n", i));
        }
        in.awaitField("n", 10L);
        pub.publishOk("/restart/room", Map.of("n", 11));
        in.awaitField("n", 11L);

        assertThat(JavaClientAckTest.numbers(in)).containsExactlyElementsOf(IntStream.rangeClosed(0, 11).boxed().toList());
    }

    @Test
    void aSlowConsumerIsEndedAtMaxQueueWhileAWellBehavedClientGetsEverything() {
        RunningNode n = start(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(10000).maxQueue(50)));
        RawBayeux slow = new RawBayeux(n.httpPort());
        slow.handshake();
        assertThat(slow.subscribe("\"/slow/burst\"").path("successful").asBoolean()).isTrue();
        JavaClient good = clients.connected(url(n));
        Inbox in = new Inbox();
        good.subscribeOk("/slow/burst", in);
        JavaClient pub = clients.connected(url(n));

        int total = 120;
        for (int i = 0; i < total; i++) {
            pub.publishOk("/slow/burst", Map.of("n", i));
        }
        in.awaitAtLeast(total);

        assertThat(JavaClientAckTest.numbers(in)).containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
        JsonNode ended = slow.connectReply(null);
        assertThat(ended.path("successful").asBoolean()).as("%s", ended).isFalse();
        assertThat(ended.path("error").asText()).isEqualTo("402::session_unknown");
        assertThat(ended.path("advice").path("reconnect").asText()).isEqualTo("handshake");
        assertThat(good.bayeux.isConnected()).isTrue();
    }

    /** What CometD applications do: subscribe again in the handshake listener. Holds the latest reply. */
    private static AtomicReference<CompletableFuture<Message>> resubscribeOnHandshake(JavaClient c, String channel,
                                                                                     Inbox in) {
        AtomicReference<CompletableFuture<Message>> latest = new AtomicReference<>(new CompletableFuture<>());
        c.onEverySuccessfulHandshake(() -> {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            latest.set(reply);
            c.bayeux.getChannel(channel).subscribe(in, reply::complete);
        });
        return latest;
    }

    private static void assertSubscribed(AtomicReference<CompletableFuture<Message>> subscribed) {
        Message reply = CometdJavaClients.await(subscribed.get(), "subscribe reply");
        assertThat(reply.isSuccessful()).as("%s", reply).isTrue();
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    /** Waits (bounded) until the monotonic clock passes {@code deadlineNanos}: time has to pass for expiry. */
    private static void awaitPast(long deadlineNanos, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> System.nanoTime() - deadlineNanos >= 0);
    }
}
