package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.core.Hub;
import org.orbited.node.core.HubSettings;
import org.orbited.node.core.Scheduler;
import org.orbited.plugin.SecurityPolicy;

/**
 * The server with a plugin security policy, without sockets: the policy runs on the policy executor (never the
 * caller's thread), its denials become CometD's error strings, and a policy that throws denies.
 */
class BayeuxServerPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExecutorService policyThreads = Executors.newSingleThreadExecutor(r -> new Thread(r, "policy-test"));
    private final List<String> askedOn = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final SecurityPolicy policy = new SecurityPolicy() {
        @Override
        public Decision canHandshake(HandshakeInfo h) {
            askedOn.add(Thread.currentThread().getName());
            return h.ext() != null && h.ext().contains("\"token\":\"ok\"") ? Decision.ALLOW : Decision.deny("no_token");
        }

        @Override
        public Decision canSubscribe(String clientId, String channel) {
            return channel.startsWith("/private/") ? Decision.deny("private") : Decision.ALLOW;
        }

        @Override
        public Decision canPublish(String clientId, String channel) {
            if (channel.equals("/boom")) {
                throw new IllegalStateException("policy bug");
            }
            return Decision.ALLOW;
        }
    };

    private final Scheduler never = (task, delay, unit) -> () -> { };
    private final BayeuxServer engine = new BayeuxServer(BayeuxSettings.defaults(),
            new Hub(HubSettings.defaults(), never), never, System::currentTimeMillis, policy, policyThreads);

    @AfterEach
    void stop() {
        policyThreads.shutdownNow();
    }

    /** One HTTP exchange without a socket: the body the engine answers with. */
    private final class Exchange implements BayeuxRequest, BayeuxOutput {
        final CompletableFuture<JsonNode> body = new CompletableFuture<>();
        String browser = "browser1";

        @Override
        public BayeuxTransportType transport() {
            return BayeuxTransportType.LONG_POLLING;
        }

        @Override
        public String browserId() {
            return browser;
        }

        @Override
        public void setBrowserId(String id) {
            browser = id;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String origin() {
            return null;
        }

        @Override
        public BayeuxOutput output() {
            return this;
        }

        @Override
        public BayeuxSocket socket() {
            return null;
        }

        @Override
        public void send(byte[] jsonArray, int status, Consumer<Boolean> written) {
            try {
                body.complete(JSON.readTree(new String(jsonArray, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                body.completeExceptionally(e);
            }
            written.accept(true);
        }

        @Override
        public void close(int code, String reason) {
            body.completeExceptionally(new IllegalStateException("closed " + code));
        }
    }

    private JsonNode call(String json) throws Exception {
        Exchange e = new Exchange();
        engine.handle(engine.codec().parse(json), e);
        return e.body.get(5, TimeUnit.SECONDS).get(0);
    }

    @Test
    void policyDecidesOffTheCallersThreadAndItsDenialsAreCometdErrors() throws Exception {
        JsonNode denied = call("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]");
        assertThat(denied.get("successful").asBoolean()).isFalse();
        assertThat(denied.get("error").asText()).isEqualTo("403::handshake_denied");
        assertThat(denied.get("advice").get("reconnect").asText()).isEqualTo("none");

        JsonNode ok = call("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"token\":\"ok\"}}]");
        assertThat(ok.get("successful").asBoolean()).isTrue();
        String clientId = ok.get("clientId").asText();
        assertThat(askedOn).containsOnly("policy-test");

        JsonNode sub = call("[{\"channel\":\"/meta/subscribe\",\"subscription\":\"/private/x\",\"clientId\":\""
                + clientId + "\"}]");
        assertThat(sub.get("error").asText()).isEqualTo("403:private:subscribe_denied");

        JsonNode boom = call("[{\"channel\":\"/boom\",\"data\":1,\"clientId\":\"" + clientId + "\"}]");
        assertThat(boom.get("error").asText()).isEqualTo("403:policy_error:publish_denied");

        JsonNode fine = call("[{\"channel\":\"/fine\",\"data\":1,\"clientId\":\"" + clientId + "\"}]");
        assertThat(fine.get("successful").asBoolean()).isTrue();
    }
}
