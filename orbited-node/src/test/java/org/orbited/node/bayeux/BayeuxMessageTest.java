package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BayeuxMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BayeuxMessage message(String json) throws Exception {
        return new BayeuxCodec().parse(json).get(0);
    }

    @Test
    void aReplyStubKeepsWhatTheReplyNeedsAndNothingElse() throws Exception {
        BayeuxMessage m = message("{\"channel\":\"/meta/connect\",\"id\":\"7\",\"clientId\":\"abc\","
                + "\"connectionType\":\"websocket\",\"advice\":{\"timeout\":0},\"ext\":{\"timesync\":{\"tc\":1}}}");
        BayeuxMessage stub = m.forReply();
        assertThat(stub.fields().keySet()).containsExactlyInAnyOrder("channel", "id", "ext");
        assertThat(stub.channel()).contains("/meta/connect");
        assertThat(stub.id()).contains("7");
        assertThat(stub.ext().orElseThrow().path("timesync").path("tc").asLong()).isEqualTo(1);
        assertThat(BayeuxMessage.replyTo(stub).build().fields()).isEqualTo(BayeuxMessage.replyTo(m).build().fields());
        // a message without an id or ext, and one whose channel is not a string, keep what they have
        assertThat(message("{\"channel\":\"/meta/connect\"}").forReply().fields().keySet()).containsExactly("channel");
        assertThat(message("{\"channel\":5,\"id\":1}").forReply().field("channel").orElseThrow().asInt()).isEqualTo(5);
    }

    @Test
    void fieldsOfTheWrongTypeReadAsEmpty() throws Exception {
        BayeuxMessage m = message("{\"channel\":5,\"id\":7,\"clientId\":[],\"ext\":\"x\",\"advice\":1,\"successful\":\"true\","
                + "\"error\":{},\"subscription\":3,\"connectionType\":null,\"supportedConnectionTypes\":\"long-polling\","
                + "\"version\":1.0,\"minimumVersion\":false,\"timestamp\":0}");
        assertThat(m.channel()).isEmpty();
        assertThat(m.id()).isEmpty();
        assertThat(m.clientId()).isEmpty();
        assertThat(m.ext()).isEmpty();
        assertThat(m.advice()).isEmpty();
        assertThat(m.adviceTimeout()).isEmpty();
        assertThat(m.successful()).isEmpty();
        assertThat(m.error()).isEmpty();
        assertThat(m.subscription()).isEmpty();
        assertThat(m.subscriptions()).isEmpty();
        assertThat(m.connectionType()).isEmpty();
        assertThat(m.supportedConnectionTypes()).isEmpty();
        assertThat(m.version()).isEmpty();
        assertThat(m.minimumVersion()).isEmpty();
        assertThat(m.timestamp()).isEmpty();
        assertThat(m.data()).isEmpty();
        assertThat(m.field("channel").orElseThrow().intValue()).isEqualTo(5); // the raw value is still there
        assertThat(m.has("connectionType")).isFalse();
        assertThat(m.has("channel")).isTrue();
    }

    @Test
    void subscriptionAsStringOrArray() throws Exception {
        assertThat(message("{\"channel\":\"/meta/subscribe\",\"subscription\":\"/a\"}").subscriptions()).containsExactly("/a");
        assertThat(message("{\"channel\":\"/meta/subscribe\",\"subscription\":[\"/a\",\"/b/*\"]}").subscriptions())
                .containsExactly("/a", "/b/*");
        assertThat(message("{\"channel\":\"/meta/subscribe\",\"subscription\":[\"/a\",1]}").subscriptions()).isEmpty();
        assertThat(message("{\"channel\":\"/meta/subscribe\",\"subscription\":[\"/a\",1]}").subscription()).isPresent();
        assertThat(message("{\"channel\":\"/meta/subscribe\"}").subscriptions()).isEmpty();
    }

    @Test
    void supportedConnectionTypesSkipNonStrings() throws Exception {
        assertThat(message("{\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"websocket\",1,null,\"long-polling\"]}")
                .supportedConnectionTypes()).containsExactly("websocket", "long-polling");
    }

    @Test
    void isImmutable() throws Exception {
        BayeuxMessage m = message("{\"channel\":\"/a\",\"data\":1}");
        assertThatThrownBy(() -> m.fields().put("x", JSON.nullNode())).isInstanceOf(UnsupportedOperationException.class);
        Map<String, JsonNode> source = new LinkedHashMap<>();
        source.put("channel", JSON.getNodeFactory().textNode("/a"));
        source.put("data", null);
        BayeuxMessage copy = BayeuxMessage.of(source);
        source.put("id", JSON.getNodeFactory().textNode("1"));
        assertThat(copy.fields()).containsOnlyKeys("channel", "data");
        assertThat(copy.data()).contains(JSON.nullNode());
        assertThat(copy).isEqualTo(BayeuxMessage.of(copy.fields())).hasSameHashCodeAs(BayeuxMessage.of(copy.fields()));
        assertThat(copy.toString()).contains("/a");
    }

    @Test
    void replyToEchoesChannelAndIdVerbatim() throws Exception {
        BayeuxMessage request = message("{\"channel\":\"/service/echo\",\"id\":\"8\",\"clientId\":\"c\",\"data\":{}}");
        BayeuxMessage reply = BayeuxMessage.replyTo(request).successful(true).build();
        assertThat(reply.channel()).contains("/service/echo");
        assertThat(reply.id()).contains("8");
        assertThat(reply.clientId()).isEmpty();
        assertThat(reply.successful()).contains(true);
    }

    @Test
    void aReplyWithoutAChannelCannotBeBuilt() throws Exception {
        BayeuxMessage request = message("{\"id\":\"1\"}");
        assertThatThrownBy(() -> BayeuxMessage.replyTo(request).successful(false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a channel");
    }

    @Test
    void deliveriesCarryOnlyDataAndChannel() {
        BayeuxMessage d = BayeuxMessage.delivery("/chat/room1", JSON.getNodeFactory().textNode("hi"));
        assertThat(d.fields()).containsOnlyKeys("channel", "data");
    }

    @Test
    void failureCarriesTheCatalogAdviceForTheChannel() {
        BayeuxMessage onConnect = BayeuxMessage.builder("/meta/connect").failure(BayeuxError.SESSION_UNKNOWN.failure()).build();
        assertThat(onConnect.successful()).contains(false);
        assertThat(onConnect.error()).contains("402::session_unknown");
        assertThat(onConnect.advice()).contains(Advice.reconnect(Advice.Reconnect.HANDSHAKE).withInterval(0));

        BayeuxMessage onPublish = BayeuxMessage.builder("/chat/a").failure(BayeuxError.SESSION_UNKNOWN.failure()).build();
        assertThat(onPublish.advice()).isEmpty();
        assertThat(onPublish.has("advice")).isFalse();
    }

    @Test
    void emptyAdviceClearsTheField() {
        BayeuxMessage m = BayeuxMessage.builder("/meta/connect").advice(Advice.defaults()).advice(Advice.EMPTY).build();
        assertThat(m.has("advice")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "[]", "null"})
    void extMustBeAnObject(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        assertThatThrownBy(() -> BayeuxMessage.builder("/a").ext(node))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ext must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "{}", "null", "true"})
    void subscriptionMustBeAStringOrArray(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        assertThatThrownBy(() -> BayeuxMessage.builder("/meta/subscribe").subscription(node))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscription must be");
    }

    @Test
    void builderRefusesNulls() {
        assertThatThrownBy(() -> BayeuxMessage.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BayeuxMessage.builder("/a").id(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> BayeuxMessage.builder("/a").data(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BayeuxMessage.builder("/a").supportedConnectionTypes(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
