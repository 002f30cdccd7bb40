package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.auth.TestTokens;
import org.orbited.node.testing.RunningNode;

/**
 * {@code personal.nick = principal}: on a node with {@code [auth]} tokens, a browser that handshakes as principal
 * {@code pat} logs in under the nick {@code pat} whatever nick it asks for, and may not change it
 * ({@code xmpp_nick_fixed}).
 */
class XmppPersonalPrincipalTest {
    @TempDir
    Path dir;

    @Test
    void theIdentitysPrincipalIsTheNick() throws Exception {
        TestTokens tokens = TestTokens.hs256();
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "personal.nick", "principal")))
                         .auth(a -> a.withAlgorithm("HS256").withKey(tokens.verificationKey).withClockSkewSeconds(5)));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
                 TokenBrowser pat = new TokenBrowser(node.httpPort(), tokens.token(TestTokens.claimsAt(
                         System.currentTimeMillis(), "pat").build()))) {
                helper.join("chat-who", "helper");
                pat.subscribe(XmppTestOptions.room("chat-who"));
                assertThat(pat.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "someone-else")))
                        .containsEntry("ok", true).containsEntry("nick", "pat");
                helper.awaitPresence(p -> "pat".equals(p.nick()) && p.available());
                assertThat(pat.call(XmppPersonalEndToEndTest.SERVICE + "nick", Map.of("nick", "patricia")))
                        .containsEntry("ok", false).containsEntry("code", "xmpp_nick_fixed");
                assertThat(pat.call(XmppTestOptions.SAY, Map.of("channel", "chat-who", "text", "it is me")))
                        .containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-who", "it is me").nick()).isEqualTo("pat");
                Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> pat.received.stream()
                        .anyMatch(m -> "it is me".equals(m.get("text")) && "pat".equals(m.get("sender"))));
            }
        }
    }

    /** A CometD Java client that handshakes with a signed token ({@code ext.auth.token}). */
    static final class TokenBrowser implements AutoCloseable {
        private final HttpClient http = new HttpClient();
        private final BayeuxClient client;
        final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

        TokenBrowser(int port, String token) throws Exception {
            http.start();
            client = new BayeuxClient("http://127.0.0.1:" + port + "/cometd", new JettyHttpClientTransport(null, http));
            CompletableFuture<Message> hs = new CompletableFuture<>();
            client.handshake(Map.of(Message.EXT_FIELD, Map.of("auth", Map.of("token", token))), hs::complete);
            try {
                assertThat(hs.get(10, TimeUnit.SECONDS).isSuccessful()).isTrue();
            } catch (Exception | AssertionError e) {
                http.stop();
                throw e;
            }
        }

        void subscribe(String channel) throws Exception {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            client.getChannel(channel).subscribe((ClientSessionChannel.MessageListener) (c, m) ->
                    received.add(m.getDataAsMap()), reply::complete);
            assertThat(reply.get(10, TimeUnit.SECONDS).isSuccessful()).isTrue();
        }

        Map<String, Object> call(String target, Map<String, Object> data) throws Exception {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            client.remoteCall(target, data, reply::complete);
            return reply.get(10, TimeUnit.SECONDS).getDataAsMap();
        }

        @Override
        public void close() throws Exception {
            CompletableFuture<Message> bye = new CompletableFuture<>();
            client.disconnect(bye::complete);
            try {
                bye.get(10, TimeUnit.SECONDS);
            } finally {
                http.stop();
            }
        }
    }
}
