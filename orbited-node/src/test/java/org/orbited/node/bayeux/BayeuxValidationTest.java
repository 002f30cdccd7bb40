package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.plugin.ChannelId;

class BayeuxValidationTest {

    private static final Set<String> SERVED = Set.of("long-polling", "websocket");

    private static BayeuxMessage m(String json) throws Exception {
        return new BayeuxCodec().parse(json.replace('\'', '"')).get(0);
    }

    private static String wire(BayeuxValidation.Result<?> r) {
        return r.failure().map(BayeuxFailure::wire).orElse("ok");
    }

    private static String wire(Optional<BayeuxFailure> f) {
        return f.map(BayeuxFailure::wire).orElse("ok");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'id':'1'}|400::channel_missing",
        "{'channel':null}|400::channel_missing",
        "{'channel':5}|405::channel_invalid",
        "{'channel':'/a','id':''}|405::message_id_invalid",
        "{'channel':'/a','id':5}|405::message_id_invalid",
        "{'channel':'/a','id':'a-b'}|405::message_id_invalid",
        "{'channel':'/a','id':'a b'}|405::message_id_invalid",
        "{'channel':'/a','id':'é'}|405::message_id_invalid",
        "{'channel':'/a','id':null}|405::message_id_invalid",
        "{'channel':'/a','id':'aZ09'}|ok",
        "{'channel':'/a'}|ok"})
    void commonFields(String json, String expected) throws Exception {
        assertThat(wire(BayeuxValidation.checkCommonFields(m(json)))).isEqualTo(expected);
    }

    @Test
    void idLengthIsBounded() {
        assertThat(BayeuxValidation.isValidId("a".repeat(BayeuxValidation.MAX_ID_LENGTH))).isTrue();
        assertThat(BayeuxValidation.isValidId("a".repeat(BayeuxValidation.MAX_ID_LENGTH + 1))).isFalse();
        assertThat(BayeuxValidation.isValidId(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'/meta/handshake','version':'1.0','supportedConnectionTypes':['long-polling']}|ok|long-polling",
        "{'channel':'/meta/handshake','version':'1.1','supportedConnectionTypes':['flash','websocket','long-polling']}|ok|websocket",
        "{'channel':'/meta/handshake','version':'1','supportedConnectionTypes':['long-polling']}|ok|long-polling",
        "{'channel':'/meta/handshake','version':'1.0','supportedConnectionTypes':['flash']}|301::connection_type_unsupported|",
        "{'channel':'/meta/handshake','version':'1.0','supportedConnectionTypes':[]}|301::connection_type_unsupported|",
        "{'channel':'/meta/handshake','version':'1.0'}|301::connection_type_unsupported|",
        "{'channel':'/meta/handshake','supportedConnectionTypes':['long-polling']}|300::version_unsupported|",
        "{'channel':'/meta/handshake','version':'2.0','supportedConnectionTypes':['long-polling']}|300::version_unsupported|",
        "{'channel':'/meta/handshake','version':'10','supportedConnectionTypes':['long-polling']}|300::version_unsupported|",
        "{'channel':'/meta/handshake','version':1.0,'supportedConnectionTypes':['long-polling']}|300::version_unsupported|",
        "{'channel':'/meta/handshake','id':'x!','version':'1.0'}|405::message_id_invalid|"})
    void handshake(String json, String expected, String type) throws Exception {
        BayeuxValidation.Result<String> r = BayeuxValidation.checkHandshake(m(json), SERVED);
        assertThat(wire(r)).isEqualTo(expected);
        assertThat(r.isOk()).isEqualTo(expected.equals("ok"));
        if (r.isOk()) {
            assertThat(r.value()).isEqualTo(type);
        } else {
            assertThatThrownBy(r::value).isInstanceOf(IllegalStateException.class).hasMessageContaining(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'/chat/room1','clientId':'c','data':{}}|ok",
        "{'channel':'/service/echo','clientId':'c','data':null}|ok",
        "{'channel':'/chat/room1','clientId':'c'}|400::data_missing",
        "{'channel':'/chat/room1','data':1}|402::session_unknown",
        "{'channel':'/chat/room1','clientId':7,'data':1}|402::session_unknown",
        "{'channel':'/chat/*','clientId':'c','data':1}|405::channel_invalid",
        "{'channel':'/chat/**','clientId':'c','data':1}|405::channel_invalid",
        "{'channel':'/foo/*/bar','clientId':'c','data':1}|405::channel_invalid",
        "{'channel':'chat','clientId':'c','data':1}|405::channel_invalid",
        "{'channel':'/a b','clientId':'c','data':1}|405::channel_invalid",
        "{'channel':'/meta/foo','clientId':'c','data':1}|403:denied_by_security_policy:publish_denied",
        "{'channel':'/meta/connect','clientId':'c','data':1}|403:denied_by_security_policy:publish_denied",
        "{'clientId':'c','data':1}|400::channel_missing",
        "{'channel':'/a','id':'-','clientId':'c','data':1}|405::message_id_invalid"})
    void publish(String json, String expected) throws Exception {
        BayeuxValidation.Result<ChannelId> r = BayeuxValidation.checkPublish(m(json));
        assertThat(wire(r)).isEqualTo(expected);
        if (r.isOk()) {
            assertThat(r.value().name()).isEqualTo(m(json).channel().orElseThrow());
            assertThat(r.toString()).startsWith("ok(");
        } else {
            assertThat(r.toString()).isEqualTo("failed(" + expected + ")");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/chat/room1'}|ok|/chat/room1",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':['/chat/room2','/chat/deep/**']}|ok|/chat/room2 /chat/deep/**",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/service/x'}|ok|/service/x",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/**'}|ok|/**",
        "{'channel':'/meta/subscribe','clientId':'c'}|403::subscription_missing|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':null}|403::subscription_missing|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':[]}|403::subscription_missing|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'foo'}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/foo/*/bar'}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/a b'}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':5}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':{}}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':['/ok','bad']}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':['/ok',1]}|403::subscription_invalid|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':'/meta/x'}|403:denied_by_security_policy:subscribe_denied|",
        "{'channel':'/meta/subscribe','clientId':'c','subscription':['/ok','/meta/**']}|403:denied_by_security_policy:subscribe_denied|",
        "{'channel':'/meta/subscribe','subscription':'/a'}|402::session_unknown|",
        "{'subscription':'/a','clientId':'c'}|400::channel_missing|"})
    void subscribe(String json, String expected, String ids) throws Exception {
        BayeuxValidation.Result<List<ChannelId>> r = BayeuxValidation.checkSubscribe(m(json));
        assertThat(wire(r)).isEqualTo(expected);
        if (r.isOk()) {
            assertThat(r.value()).extracting(ChannelId::name).containsExactly(ids.split(" "));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'/meta/unsubscribe','clientId':'c','subscription':'/meta/x'}|ok",
        "{'channel':'/meta/unsubscribe','clientId':'c','subscription':['/a/*','/b']}|ok",
        "{'channel':'/meta/unsubscribe','clientId':'c'}|403::subscription_missing",
        "{'channel':'/meta/unsubscribe','clientId':'c','subscription':'/a/**/b'}|403::subscription_invalid",
        "{'channel':'/meta/unsubscribe','subscription':'/a'}|402::session_unknown"})
    void unsubscribe(String json, String expected) throws Exception {
        assertThat(wire(BayeuxValidation.checkUnsubscribe(m(json)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'/meta/connect','clientId':'c','connectionType':'long-polling'}|ok",
        "{'channel':'/meta/connect','connectionType':'long-polling'}|402::session_unknown",
        "{'channel':'/meta/disconnect','clientId':'c'}|ok",
        "{'channel':'/meta/disconnect'}|402::session_unknown",
        "{'clientId':'c'}|400::channel_missing",
        "{'channel':'/meta/disconnect','clientId':'c','id':'9!'}|405::message_id_invalid"})
    void sessionRequests(String json, String expected) throws Exception {
        assertThat(wire(BayeuxValidation.checkSessionRequest(m(json)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A1", "0"})
    void alphanumerics(String s) {
        assertThat(BayeuxValidation.isValidId(s)).isTrue();
    }
}
