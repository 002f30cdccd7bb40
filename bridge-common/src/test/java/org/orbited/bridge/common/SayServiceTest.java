package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceHandler;
import org.orbited.plugin.ServiceRequest;

/** The say flow over a recording {@link ServerChannels} (a proxy) and scripted {@link Speakers}. */
class SayServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> published = new ArrayList<>();
    private ServiceHandler handler;
    private boolean loggedIn;
    private boolean relay = true;
    private boolean publishNow = true;
    private final List<String> calls = new ArrayList<>();

    private final Speakers speakers = new Speakers() {
        @Override
        public Target target(String channel) throws Refused {
            if (channel.equals("secret")) {
                throw new Refused("xmpp_channel_not_allowed", "secret is not allowed");
            }
            return new Target(channel.toLowerCase(), "/xmpp/muc/" + channel.toLowerCase());
        }

        @Override
        public boolean isLoggedIn(String clientId) {
            return loggedIn;
        }

        @Override
        public boolean allowsRelay() {
            return relay;
        }

        @Override
        public Spoken sayPersonal(String clientId, Target t, String text, boolean action) {
            calls.add("personal " + t.key() + " " + text + " " + action);
            return new Spoken("alice", text, publishNow);
        }

        @Override
        public Spoken sayRelay(String clientId, Target t, JsonNode request, boolean action) {
            if (request.get("text").asText().equals("flood")) {
                throw new FloodQueueFullException("xmpp_flood_queue_full", t.key(), "full");
            }
            calls.add("relay " + t.key() + " " + request.get("text").asText() + " " + action);
            return new Spoken("guest_web", request.get("text").asText(), publishNow);
        }
    };

    SayServiceTest() {
        ServerChannels channels = (ServerChannels) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerChannels.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "handleService" -> {
                        assertThat(args[0]).isEqualTo("/service/xmpp/muc/say");
                        handler = (ServiceHandler) args[1];
                        yield null;
                    }
                    case "publish" -> {
                        published.add(args[0] + " " + args[1]);
                        yield 1;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        new SayService(new BridgeCodes("xmpp"), "/service/xmpp/muc/say", "room", channels,
                Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC), speakers).register();
    }

    private JsonNode call(String json) throws Exception {
        JsonNode data = JSON.readTree(json);
        JsonNode[] answer = new JsonNode[1];
        handler.onRequest(new ServiceRequest() {
            @Override public String channel() { return "/service/xmpp/muc/say"; }
            @Override public JsonNode data() { return data; }
            @Override public String clientId() { return "c1"; }
            @Override public String id() { return "1"; }
            @Override public void reply(JsonNode a) { answer[0] = a; }
        });
        return answer[0];
    }

    @Test
    void aRelayedLineIsAnsweredOkAndPublishedOnceAsTheCanonicalEvent() throws Exception {
        assertThat(call("{\"channel\":\"Lobby\",\"text\":\"hi\",\"type\":\"action\"}").toString())
                .isEqualTo("{\"ok\":true,\"sender\":\"guest_web\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(calls).containsExactly("relay lobby hi true");
        assertThat(published).containsExactly("/xmpp/muc/lobby {\"type\":\"action\",\"channel\":\"lobby\","
                + "\"sender\":\"guest_web\",\"text\":\"hi\",\"web\":true,\"relay\":true,"
                + "\"time\":\"2026-05-06T07:08:09.000Z\"}");
    }

    @Test
    void aLoggedInClientSpeaksPersonallyAndOnEchoNothingIsPublishedHere() throws Exception {
        loggedIn = true;
        publishNow = false;
        // the answer names the sender; no time: the canonical event comes when the room shows the line
        assertThat(call("{\"channel\":\"lobby\",\"text\":\"hi\"}").toString())
                .isEqualTo("{\"ok\":true,\"sender\":\"alice\"}");
        assertThat(calls).containsExactly("personal lobby hi false");
        assertThat(published).isEmpty();
    }

    @Test
    void everyRefusalIsAFailureReplyAndNothingIsPublished() throws Exception {
        assertThat(call("{\"channel\":\"lobby\"}").get("code").asText()).isEqualTo("xmpp_bad_data");
        assertThat(call("{\"channel\":\"lobby\",\"text\":\"x\",\"type\":\"shout\"}").get("code").asText())
                .isEqualTo("xmpp_bad_data");
        assertThat(call("{\"channel\":\"secret\",\"text\":\"x\"}").toString()).isEqualTo(
                "{\"ok\":false,\"code\":\"xmpp_channel_not_allowed\",\"message\":\"secret is not allowed\"}");
        assertThat(call("{\"channel\":\"lobby\",\"text\":\"flood\"}").get("code").asText())
                .isEqualTo("xmpp_flood_queue_full");
        relay = false;
        assertThat(call("{\"channel\":\"lobby\",\"text\":\"x\"}").get("code").asText())
                .isEqualTo("xmpp_login_required");
        assertThat(published).isEmpty();
    }
}
