package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.auth.TestTokens;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;
import org.orbited.node.plugin.IdentityTestPlugin;
import org.orbited.node.testing.RunningNode;
import org.orbited.plugin.Identity;

/**
 * Tokens outside the handshake message, end to end: an {@code Authorization: Bearer} header and the
 * {@code [auth] cookie} sent by the real CometD Java client over long-polling, the cookie on a WebSocket upgrade
 * (a handshake sent over the socket), and {@code [auth] issuer}/{@code audience} refusals with their Bayeux errors.
 */
class HttpTokenIdentityTest {
    private static final String ISSUER = "https://login.example";
    private static final String AUDIENCE = "orbited";
    private static final TestTokens TOKENS = TestTokens.hs256();
    private static RunningNode node;
    private final CometdJavaClients clients = new CometdJavaClients();

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.plugins(Map.of(IdentityTestPlugin.NAME, Map.of()))
                .auth(a -> a.withAlgorithm("HS256").withKey(TOKENS.verificationKey).withCookie("jwt")
                        .withIssuer(ISSUER).withAudience(AUDIENCE)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void reset() {
        IdentityTestPlugin.reset();
    }

    @AfterEach
    void stopClients() {
        clients.close();
    }

    private static String url() {
        return "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }

    private static String token(String who) {
        long now = System.currentTimeMillis();
        return TOKENS.token(TestTokens.claimsAt(now, who).issuer(ISSUER).audience(AUDIENCE).build());
    }

    private Message handshake(JavaClient c) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        c.bayeux.handshake(reply::complete);
        return CometdJavaClients.await(reply, "handshake reply");
    }

    private static Identity identitySeenFor(String clientId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> IdentityTestPlugin.seen().stream()
                .anyMatch(s -> s.client().clientId().equals(clientId)));
        return IdentityTestPlugin.seen().stream().filter(s -> s.client().clientId().equals(clientId)).findFirst()
                .orElseThrow().client().identity();
    }

    @Test
    void aBearerHeaderAuthenticatesTheCometdJavaClient() {
        String bearer = "Bearer " + token("header-user");
        JavaClient c = clients.create(url(), http -> http.getRequestListeners().addBeginListener(
                request -> request.headers(h -> h.put("Authorization", bearer))));

        Message reply = handshake(c);

        assertThat(reply.isSuccessful()).as("reply %s", reply).isTrue();
        assertThat(identitySeenFor(c.bayeux.getId())).isEqualTo(Identity.of("header-user", Map.of()));
    }

    @Test
    void theConfiguredCookieAuthenticatesTheCometdJavaClient() {
        String token = token("cookie-user");
        JavaClient c = clients.create(url());
        c.bayeux.putCookie(org.eclipse.jetty.http.HttpCookie.build("jwt", token).path("/").build());

        Message reply = handshake(c);

        assertThat(reply.isSuccessful()).as("reply %s", reply).isTrue();
        assertThat(identitySeenFor(c.bayeux.getId())).isEqualTo(Identity.of("cookie-user", Map.of()));
    }

    @Test
    void aWrongIssuerOrAudienceInTheHeaderIsRefusedWithItsReason() {
        long now = System.currentTimeMillis();
        for (var c : List.of(
                Map.entry(TOKENS.token(TestTokens.claimsAt(now, "x").issuer("https://evil.example").audience(AUDIENCE)
                        .build()), "401:token_issuer_refused:authentication_failed"),
                Map.entry(TOKENS.token(TestTokens.claimsAt(now, "x").issuer(ISSUER).audience("other").build()),
                        "401:token_audience_refused:authentication_failed"))) {
            JavaClient client = clients.create(url(), http -> http.getRequestListeners().addBeginListener(
                    request -> request.headers(h -> h.put("Authorization", "Bearer " + c.getKey()))));

            Message reply = handshake(client);

            assertThat(reply.isSuccessful()).isFalse();
            assertThat(reply.get(Message.ERROR_FIELD)).isEqualTo(c.getValue());
        }
        assertThat(IdentityTestPlugin.seen()).isEmpty();
    }

    @Test
    void theCookieOfAWebSocketUpgradeAuthenticatesAHandshakeSentOverTheSocket() throws Exception {
        JsonNode ok = wsHandshake("jwt=" + token("socket-user"));
        assertThat(ok.path("successful").asBoolean()).as("reply %s", ok).isTrue();
        assertThat(identitySeenFor(ok.path("clientId").asText())).isEqualTo(Identity.of("socket-user", Map.of()));

        JsonNode refused = wsHandshake("other=" + token("socket-user"));
        assertThat(refused.path("successful").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).isEqualTo("401:token_missing:authentication_failed");
    }

    /** Opens a Bayeux WebSocket with {@code cookie} on its upgrade, handshakes over it, returns the reply. */
    private JsonNode wsHandshake(String cookie) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/cometd"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        w.request(1);
                        return null;
                    }
                }).get(5, java.util.concurrent.TimeUnit.SECONDS);
        try {
            ws.sendText("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"websocket\"]}]", true);
            return new ObjectMapper().readTree(first.get(5, java.util.concurrent.TimeUnit.SECONDS)).get(0);
        } finally {
            ws.abort();
        }
    }

    private static final String HANDSHAKE = "[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
            + "\"supportedConnectionTypes\":[\"long-polling\",\"callback-polling\"]}]";

    private static JsonNode reply(String body) throws Exception {
        int start = body.indexOf('[');
        return new ObjectMapper().readTree(body.substring(start, body.lastIndexOf(']') + 1)).get(0);
    }

    @Test
    void aCrossSiteJsonpHandshakeIsNotAuthenticatedByTheCookie() throws Exception {
        // A <script src> on any site sends the victim's cookies, no Origin, and reads the answer: the cookie must
        // not count there (the Authorization header cannot be sent by such a page).
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(URI.create(url() + "?jsonp=steal&message="
                        + java.net.URLEncoder.encode(HANDSHAKE, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Cookie", "jwt=" + token("victim")).header("Referer", "https://evil.example/page.html")
                .GET().build();

        String body = HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();

        assertThat(body).startsWith("/**/steal(");
        assertThat(reply(body).path("error").asText()).isEqualTo("401:token_missing:authentication_failed");
        assertThat(IdentityTestPlugin.seen()).isEmpty();
    }

    @Test
    void aLongPollingHandshakeCountsTheCookieOnlyFromAnOriginTheNodeTrusts() throws Exception {
        String cookie = "jwt=" + token("poster");
        java.util.function.Function<String, JsonNode> post = origin -> {
            var b = java.net.http.HttpRequest.newBuilder(URI.create(url())).header("Cookie", cookie)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HANDSHAKE));
            if (origin != null) {
                b.header("Origin", origin);
            }
            try {
                return reply(HttpClient.newHttpClient().send(b.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(post.apply("https://evil.example").path("error").asText())
                .as("a cross-site form or fetch POST").isEqualTo("401:token_missing:authentication_failed");
        assertThat(post.apply("http://127.0.0.1:" + node.httpPort()).path("successful").asBoolean())
                .as("the node's own origin").isTrue();
        assertThat(post.apply(null).path("successful").asBoolean()).as("no Origin: not a browser").isTrue();
    }
}
