package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.plugin.IdentityTestPlugin;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.ClientEndReason;

/**
 * A route move reaches real CometD 8.0.9 Java clients behind {@link ProxyingRelay}s: the client on route 1
 * handshakes again after {@code reconnectRoutes({1})} (long-polling: its held connect answered with
 * {@code reconnect: handshake}), the plugins hear {@link ClientEndReason#MOVED},
 * and the client on route 2 keeps its session and its deliveries.
 */
class ClusterBayeuxMoveTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        IdentityTestPlugin.reset();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private BayeuxClient client(int port, String transport) throws Exception {
        HttpClient http = new HttpClient();
        http.start();
        BayeuxClient c = new BayeuxClient("http://127.0.0.1:" + port + "/cometd", new JettyHttpClientTransport(null, http));
        c.setBackOffStrategy(new BayeuxClient.BackOffStrategy.Linear(100, 1000));
        toClose.add(() -> {
            c.abort();
            http.stop();
        });
        c.handshake();
        assertThat(c.waitFor(WAIT.toMillis(), BayeuxClient.State.CONNECTED)).as("%s client connected", transport)
                .isTrue();
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"long-polling"}) // the CometD Java WebSocket transport is not in the Maven mirror
    void theClientOnAMovedRouteHandshakesAgainAndTheOtherRouteIsUntouched(String transport) throws Exception {
        RunningNode node = RunningNode.start(b -> b.plugins(Map.of(IdentityTestPlugin.NAME, Map.of()))
                .bayeux(x -> x.timeoutMillis(10_000))
                .cluster(c -> c.withProxyFrom(List.of("127.0.0.1")).withBrowserBase(ClusterSeamTest.BROWSER_BASE)
                        .withAppBase(ClusterSeamTest.APP_BASE).withRoutes(4).withMoveDrainMillis(300)));
        toClose.add(node);
        ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
        ProxyingRelay route2 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE + 1);
        toClose.add(route1);
        toClose.add(route2);
        BayeuxClient moved = client(route1.port(), transport);
        BayeuxClient stays = client(route2.port(), transport);
        String movedId = moved.getId();
        String staysId = stays.getId();
        assertThat(moved.getTransport().getName()).isEqualTo(transport);
        List<Message> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Message> subscribed = new CompletableFuture<>();
        stays.getChannel("/news").subscribe((ClientSessionChannel.MessageListener) (ch, m) -> received.add(m),
                subscribed::complete);
        assertThat(subscribed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isSuccessful()).isTrue();

        assertThat(node.node().cluster().reconnectRoutes(Set.of(1)).toCompletableFuture()).succeedsWithin(WAIT);

        await().atMost(WAIT).until(() -> moved.getId() != null && !moved.getId().equals(movedId)
                && moved.isConnected());
        assertThat(moved.getTransport().getName()).isEqualTo(transport);
        await().atMost(WAIT).until(() -> IdentityTestPlugin.seen().stream().anyMatch(s -> s.what().equals("ended")
                && s.client().clientId().equals(movedId)));
        assertThat(IdentityTestPlugin.seen()).filteredOn(s -> s.what().equals("ended"))
                .singleElement().satisfies(s -> {
                    assertThat(s.client().clientId()).isEqualTo(movedId);
                    assertThat(s.reason()).isEqualTo(ClientEndReason.MOVED);
                });

        // route 2: the same session, still served
        assertThat(stays.getId()).isEqualTo(staysId);
        assertThat(stays.isConnected()).isTrue();
        CompletableFuture<Message> published = new CompletableFuture<>();
        moved.getChannel("/news").publish("after the move", published::complete);
        assertThat(published.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isSuccessful()).isTrue();
        await().atMost(WAIT).until(() -> received.stream().anyMatch(m -> "after the move".equals(m.getData())));
        assertThat(stays.getId()).isEqualTo(staysId);
    }
}
