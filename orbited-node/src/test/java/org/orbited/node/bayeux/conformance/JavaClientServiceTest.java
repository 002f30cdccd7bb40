package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;
import org.orbited.node.testing.RunningNode;

/**
 * {@code /service/**} request/response with the Java client (bayeux.md 1.5), against the test-only
 * {@code echo-test} plugin, which answers {@code /service/echo} with {@code {"echo": <data>}}. Needs that plugin
 * on the test classpath: without it the node does not start and every test here fails (on purpose: no silent skip).
 */
class JavaClientServiceTest {
    private static RunningNode node;
    private static String url;
    private final CometdJavaClients clients = new CometdJavaClients();

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.plugins(Map.of("echo-test", Map.of()))
                .bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(10000)));
        url = "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void stopClients() {
        clients.close();
    }

    @Test
    void remoteCallGetsTheAnswerCarryingTheRequestId() {
        JavaClient c = clients.connected(url);
        CompletableFuture<Message> answer = new CompletableFuture<>();

        c.bayeux.remoteCall("echo", Map.of("ping", 1, "text", "\u65e5\uD83D\uDE00"), answer::complete);

        Message m = CometdJavaClients.await(answer, "remote call answer");
        assertThat(m.getChannel()).isEqualTo("/service/echo");
        assertThat(JavaClientConformanceTest.normalized(m.getData()))
                .isEqualTo(JavaClientConformanceTest.normalized(Map.of("echo", Map.of("ping", 1, "text", "\u65e5\uD83D\uDE00"))));
    }

    @Test
    void aServiceAnswerGoesToTheRequesterOnlyAndIsNotBroadcast() {
        JavaClient asker = clients.connected(url);
        JavaClient other = clients.connected(url);
        Inbox askerIn = new Inbox();
        Inbox otherIn = new Inbox();
        asker.subscribeOk("/service/echo", askerIn);
        other.subscribeOk("/service/echo", otherIn);
        other.subscribeOk("/**", new Inbox());

        asker.publishOk("/service/echo", Map.of("from", "asker"));
        askerIn.awaitAtLeast(1);
        other.publishOk("/service/echo", Map.of("from", "other"));
        otherIn.awaitAtLeast(1);

        assertThat(askerIn.data()).containsExactly(Map.of("echo", Map.of("from", "asker")));
        assertThat(otherIn.data()).containsExactly(Map.of("echo", Map.of("from", "other")));
        assertThat(asker.deliveriesOn("/service/echo")).hasSize(1);
        assertThat(other.deliveriesOn("/service/echo")).hasSize(1);
        assertThat(JavaClientConformanceTest.channels(other.wireDeliveries)).as("/** sees no /service traffic")
                .containsExactly("/service/echo");
        assertThat(asker.deliveriesOn("/service/echo").get(0).getId()).as("the answer carries the request id")
                .isNotNull();
    }
}
