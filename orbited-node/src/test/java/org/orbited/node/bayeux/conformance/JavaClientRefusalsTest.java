package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;

/**
 * Refused subscriptions and publishes (bayeux.md 1.3-1.5 and the error strings of section 8), with the CometD
 * 8.0.9 Java client where it sends the request and with raw HTTP for the exact wire: the error string, the
 * subscription echoed as sent, no advice on subscribe and publish replies, and nothing broadcast.
 */
class JavaClientRefusalsTest {
    @RegisterExtension
    static final SharedNode NODE = SharedNode.forConformance();
    @RegisterExtension
    final CometdJavaClients clients = new CometdJavaClients();

    @Test
    void theJavaClientGetsTheErrorStringsForInvalidSubscriptions() {
        JavaClient c = clients.connected(NODE.url());

        // "foo" is refused by the client itself; the wire case is in invalidSubscriptionsOnTheWire.
        assertThatThrownBy(() -> c.bayeux.getChannel("foo")).isInstanceOf(IllegalArgumentException.class);

        Message meta = c.subscribe("/meta/x", new Inbox());
        assertThat(meta.isSuccessful()).isFalse();
        assertThat(meta.get(Message.ERROR_FIELD)).isEqualTo("403:denied_by_security_policy:subscribe_denied");

        Message midWild = c.subscribe("/foo/*/bar", new Inbox());
        assertThat(midWild.isSuccessful()).isFalse();
        assertThat(midWild.get(Message.ERROR_FIELD)).isEqualTo("403::subscription_invalid");

        Message space = c.subscribe("/a b", new Inbox());
        assertThat(space.isSuccessful()).isFalse();
        assertThat(space.get(Message.ERROR_FIELD)).isEqualTo("403::subscription_invalid");

        // The session is still fine.
        Inbox ok = new Inbox();
        c.subscribeOk("/after/refusals", ok);
        c.publishOk("/after/refusals", Map.of("n", 1));
        ok.awaitField("n", 1L);
    }

    @ParameterizedTest(name = "subscribe {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"foo\"        | 403::subscription_invalid",
            "\"/meta/x\"    | 403:denied_by_security_policy:subscribe_denied",
            "\"/foo/*/bar\" | 403::subscription_invalid",
            "\"/a b\"       | 403::subscription_invalid",
            "\"/a/\"        | 403::subscription_invalid",
            "[\"/ok/one\",\"/foo/*/bar\"] | 403::subscription_invalid",
    })
    void invalidSubscriptionsOnTheWire(String subscription, String error) throws Exception {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");

        JsonNode reply = raw.subscribe(subscription);

        assertThat(reply.path("successful").asBoolean()).as("%s", reply).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo(error);
        assertThat(reply.path("subscription")).as("echoed as sent").isEqualTo(RawBayeux.JSON.readTree(subscription));
        assertThat(reply.has("advice")).as("subscribe replies carry no advice: %s", reply).isFalse();
    }

    @Test
    void subscribeWithoutSubscriptionIsMissing() {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        JsonNode reply = raw.send("\"channel\":\"/meta/subscribe\"");
        assertThat(reply.path("successful").asBoolean()).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo("403::subscription_missing");
    }

    @Test
    void publishingToMetaOrToAPatternIsRefusedAndNotBroadcast() {
        JavaClient c = clients.connected(NODE.url());
        JavaClient watcher = clients.connected(NODE.url());
        Inbox watched = new Inbox();
        watcher.subscribeOk("/refuse/**", watched);

        Message meta = c.publish("/meta/foo", Map.of("n", 1));
        assertThat(meta.isSuccessful()).isFalse();
        assertThat(meta.get(Message.ERROR_FIELD)).isEqualTo("403:denied_by_security_policy:publish_denied");

        Message pattern = c.publish("/refuse/*", Map.of("n", 2));
        assertThat(pattern.isSuccessful()).isFalse();
        assertThat(pattern.get(Message.ERROR_FIELD)).isEqualTo("405::channel_invalid");
        Message deep = c.publish("/refuse/**", Map.of("n", 3));
        assertThat(deep.isSuccessful()).isFalse();
        assertThat(deep.get(Message.ERROR_FIELD)).isEqualTo("405::channel_invalid");

        c.publishOk("/refuse/ok", Map.of("n", 4));
        watched.awaitField("n", 4L);
        assertThat(JavaClientConformanceTest.channels(watcher.wireDeliveries)).containsExactly("/refuse/ok");
    }

    @ParameterizedTest(name = "publish to {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/meta/foo     | 403:denied_by_security_policy:publish_denied",
            "/meta/x/y     | 403:denied_by_security_policy:publish_denied",
            "/chat/*       | 405::channel_invalid",
            "/chat/**      | 405::channel_invalid",
            "/a b          | 405::channel_invalid",
    })
    void refusedPublishesOnTheWire(String channel, String error) {
        RawBayeux raw = new RawBayeux(NODE.httpPort());
        raw.handshake();
        raw.connect("{\"timeout\":0}");

        JsonNode reply = raw.publish(channel, "{\"n\":1}");

        assertThat(reply.path("successful").asBoolean()).as("%s", reply).isFalse();
        assertThat(reply.path("error").asText()).isEqualTo(error);
        assertThat(reply.has("advice")).as("publish replies carry no advice: %s", reply).isFalse();
    }
}
