package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.auth.TestTokens;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;
import org.orbited.node.plugin.IdentityTestPlugin;
import org.orbited.node.plugin.IdentityTestPlugin.Seen;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;

/**
 * {@code [auth]} signed tokens end to end: the real CometD Java client sends its token in the handshake's
 * {@code ext.auth.token}; a refused handshake gets {@code 401:<reason>:authentication_failed} with advice
 * {@code reconnect: none}; the {@code identity-test} plugin sees who connected ({@code channels().client}) and why
 * each client ended ({@code watchClients}). One node per algorithm, with the real clock.
 */
class JavaClientIdentityTest {
    private static final int MAX_QUEUE = 5;
    private static final Map<String, TestTokens> TOKENS = Map.of("HS256", TestTokens.hs256(), "RS256",
            TestTokens.rs256());
    private static final Map<String, RunningNode> NODES = new java.util.HashMap<>();
    private final CometdJavaClients clients = new CometdJavaClients();

    @BeforeAll
    static void startNodes() {
        for (String alg : List.of("HS256", "RS256")) {
            TestTokens t = TOKENS.get(alg);
            NODES.put(alg, RunningNode.start(b -> b.plugins(Map.of(IdentityTestPlugin.NAME, Map.of()))
                    .auth(a -> a.withAlgorithm(alg).withKey(t.verificationKey).withClockSkewSeconds(5)
                            .withAttributes(List.of("role")))
                    .bayeux(x -> x.timeoutMillis(2000).maxIntervalMillis(3000).maxQueue(MAX_QUEUE))));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.values().forEach(RunningNode::close);
        NODES.clear();
    }

    @BeforeEach
    void reset() {
        IdentityTestPlugin.reset();
    }

    @AfterEach
    void stopClients() {
        clients.close();
    }

    private static String url(String alg) {
        return "http://127.0.0.1:" + NODES.get(alg).httpPort() + "/cometd";
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** Handshakes with {@code token} in ext.auth.token (none when null) and returns the server's reply. */
    private Message handshake(JavaClient c, String token) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        Map<String, Object> fields = token == null ? Map.of()
                : Map.of(Message.EXT_FIELD, Map.of("auth", Map.of("token", token)));
        c.bayeux.handshake(fields, reply::complete);
        return CometdJavaClients.await(reply, "handshake reply");
    }

    static List<Arguments> refusals() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (String alg : List.of("HS256", "RS256")) {
            out.add(Arguments.of(alg, "expired", "401:token_expired:authentication_failed"));
            out.add(Arguments.of(alg, "not yet valid", "401:token_not_yet_valid:authentication_failed"));
            out.add(Arguments.of(alg, "wrongly signed", "401:token_signature_invalid:authentication_failed"));
            out.add(Arguments.of(alg, "malformed", "401:token_malformed:authentication_failed"));
            out.add(Arguments.of(alg, "missing", "401:token_missing:authentication_failed"));
        }
        return out;
    }

    private static String token(TestTokens t, String kind) {
        long now = now();
        return switch (kind) {
            case "expired" -> t.token(TestTokens.claimsAt(now, "alice")
                    .expirationTime(new java.util.Date(now - 60_000)).build());
            case "not yet valid" -> t.token(TestTokens.claimsAt(now, "alice")
                    .notBeforeTime(new java.util.Date(now + 600_000)).build());
            case "wrongly signed" -> t.wronglySigned("alice");
            case "malformed" -> "eyJhbGciOi.not.a-token";
            case "missing" -> null;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusals")
    void aRefusedTokenGetsItsBayeuxErrorAndNoClient(String alg, String kind, String error) {
        JavaClient c = clients.create(url(alg));

        Message reply = handshake(c, token(TOKENS.get(alg), kind));

        assertThat(reply.isSuccessful()).isFalse();
        assertThat(reply.get(Message.ERROR_FIELD)).isEqualTo(error);
        assertThat(reply.getAdvice()).containsEntry(Message.RECONNECT_FIELD, Message.RECONNECT_NONE_VALUE);
        assertThat(c.bayeux.waitFor(CometdJavaClients.WAIT_MS, BayeuxClient.State.DISCONNECTED))
                .as("the client stops on reconnect none").isTrue();
        assertThat(NODES.get(alg).node().bayeux().sessionCount()).isZero();
        assertThat(IdentityTestPlugin.seen()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aValidTokenConnectsAndThePluginSeesWhoItIs(String alg) {
        JavaClient c = clients.create(url(alg));
        String token = TOKENS.get(alg).token(TestTokens.claimsAt(now(), "alice").claim("role", "admin").build());

        Message reply = handshake(c, token);

        assertThat(reply.isSuccessful()).as("reply %s", reply).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !IdentityTestPlugin.seen().isEmpty());
        Seen s = IdentityTestPlugin.seen().get(0);
        assertThat(s.what()).isEqualTo("connected");
        assertThat(s.thread()).isEqualTo("plugin-" + IdentityTestPlugin.NAME);
        ClientInfo info = s.client();
        assertThat(info.clientId()).isEqualTo(c.bayeux.getId());
        assertThat(info.identity()).isEqualTo(Identity.of("alice", Map.of("role", "admin")));
        assertThat(info.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(info.transport()).isEqualTo("long-polling");
        assertThat(info.connectedAt()).isNotNull();
        assertThat(s.lookedUp()).as("channels().client(clientId)").contains(info);
    }

    private JavaClient connectedAs(String alg, String who) {
        JavaClient c = clients.create(url(alg));
        assertThat(handshake(c, TOKENS.get(alg).token(TestTokens.claimsAt(now(), who).build())).isSuccessful())
                .isTrue();
        assertThat(c.bayeux.waitFor(CometdJavaClients.WAIT_MS, BayeuxClient.State.CONNECTED)).isTrue();
        return c;
    }

    private static Seen awaitEnd(String clientId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> IdentityTestPlugin.seen().stream()
                .anyMatch(s -> s.what().equals("ended") && s.client().clientId().equals(clientId)));
        return IdentityTestPlugin.seen().stream()
                .filter(s -> s.what().equals("ended") && s.client().clientId().equals(clientId)).findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void watchClientsSeesADisconnect(String alg) {
        JavaClient c = connectedAs(alg, "bob");
        String id = c.bayeux.getId();

        c.bayeux.disconnect();

        Seen end = awaitEnd(id);
        assertThat(end.reason()).isEqualTo(ClientEndReason.DISCONNECT);
        assertThat(end.client().identity().principal()).isEqualTo("bob");
        assertThat(end.lookedUp()).as("an ended client is gone").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void watchClientsSeesATimeout(String alg) {
        // A raw client that handshakes and never connects: max_interval (3 s here) ends it.
        RawBayeux raw = new RawBayeux(NODES.get(alg).httpPort());
        String token = TOKENS.get(alg).token(TestTokens.claimsAt(now(), "carol").build());
        raw.handshake("{\"auth\":{\"token\":\"" + token + "\"}}");

        Seen end = awaitEnd(raw.clientId());
        assertThat(end.reason()).isEqualTo(ClientEndReason.TIMEOUT);
        assertThat(end.client().identity().principal()).isEqualTo("carol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void watchClientsSeesASlowConsumer(String alg) {
        // A raw client subscribed but not connecting: more than max_queue publications end it as a slow consumer.
        RawBayeux raw = new RawBayeux(NODES.get(alg).httpPort());
        String token = TOKENS.get(alg).token(TestTokens.claimsAt(now(), "dave").build());
        raw.handshake("{\"auth\":{\"token\":\"" + token + "\"}}");
        assertThat(raw.subscribe("\"/slow/" + alg + "\"").path("successful").asBoolean()).isTrue();
        JavaClient publisher = connectedAs(alg, "erin");

        for (int i = 0; i <= MAX_QUEUE; i++) {
            publisher.publishOk("/slow/" + alg, Map.of("n", i));
        }

        Seen end = awaitEnd(raw.clientId());
        assertThat(end.reason()).isEqualTo(ClientEndReason.SLOW_CONSUMER);
        assertThat(end.client().identity().principal()).isEqualTo("dave");
    }

    @org.junit.jupiter.api.Test
    void watchClientsSeesTheShutdownOfTheNodeBeforeThePluginStops() {
        RunningNode own = RunningNode.start(b -> b.plugins(Map.of(IdentityTestPlugin.NAME, Map.of())));
        String id;
        try {
            id = new RawBayeux(own.httpPort()).handshake().path("clientId").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> !IdentityTestPlugin.seen().isEmpty());
        } finally {
            own.close();
        }

        assertThat(IdentityTestPlugin.seen()).as("seen by the plugin before its stop")
                .anyMatch(s -> s.what().equals("ended") && s.client().clientId().equals(id)
                        && s.reason() == ClientEndReason.SHUTDOWN);
    }
}
