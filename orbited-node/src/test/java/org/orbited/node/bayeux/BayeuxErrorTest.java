package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BayeuxErrorTest {

    /** The exact strings of section 8. */
    @ParameterizedTest
    @CsvSource({
        "SESSION_UNKNOWN, 402::session_unknown",
        "SUBSCRIPTION_MISSING, 403::subscription_missing",
        "SUBSCRIPTION_INVALID, 403::subscription_invalid",
        "CHANNEL_INVALID, 405::channel_invalid",
        "CHANNEL_MISSING, 400::channel_missing",
        "MESSAGE_ID_INVALID, 405::message_id_invalid",
        "CONNECTION_TYPE_UNSUPPORTED, 301::connection_type_unsupported",
        "VERSION_UNSUPPORTED, 300::version_unsupported",
        "HANDSHAKE_DENIED, 403::handshake_denied",
        "HANDSHAKE_FAILED, 403::handshake_failed",
        "UNSUBSCRIBE_FAILED, 403::unsubscribe_failed",
        "MESSAGE_DELETED, 404::message_deleted",
        "DATA_MISSING, 400::data_missing"})
    void wireStrings(BayeuxError e, String wire) {
        assertThat(e.wire()).isEqualTo(wire);
        assertThat(e.failure().wire()).isEqualTo(wire);
        assertThat(e.failure()).hasToString(wire).isEqualTo(e.failure()).hasSameHashCodeAs(e.failure());
        assertThat(e.failure().error()).isEqualTo(e);
        assertThat(e.requiresReason()).isFalse();
        assertThat(wire).startsWith(e.code() + "::").endsWith(e.message());
    }

    @ParameterizedTest
    @CsvSource({
        "SUBSCRIBE_DENIED, 403:denied_by_security_policy:subscribe_denied",
        "PUBLISH_DENIED, 403:denied_by_security_policy:publish_denied",
        "CREATE_DENIED, 403:denied_by_security_policy:create_denied"})
    void reasonedWireStrings(BayeuxError e, String wire) {
        assertThat(e.requiresReason()).isTrue();
        assertThat(e.wire(BayeuxError.DENIED_BY_SECURITY_POLICY)).isEqualTo(wire);
        assertThat(e.failure(BayeuxError.DENIED_BY_SECURITY_POLICY).wire()).isEqualTo(wire);
        assertThatThrownBy(e::wire).isInstanceOf(IllegalStateException.class).hasMessageContaining(e.name());
        assertThatThrownBy(e::failure).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void severalArgumentsAreCommaSeparated() {
        assertThat(BayeuxError.PUBLISH_DENIED.wire("a", "b")).isEqualTo("403:a,b:publish_denied");
        assertThat(BayeuxError.SESSION_UNKNOWN.wire(new String[0])).isEqualTo("402::session_unknown");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a:b", "a,b", "''"})
    void argumentsThatWouldBreakTheFormatAreRefused(String arg) {
        assertThatThrownBy(() -> BayeuxError.PUBLISH_DENIED.wire(arg))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + arg + "'");
        assertThatThrownBy(() -> BayeuxError.PUBLISH_DENIED.wire((String) null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Section 8's advice column, and section 2: advice rides only handshake and connect replies. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "SESSION_UNKNOWN|/meta/connect|{\"interval\":0,\"reconnect\":\"handshake\"}",
        "SESSION_UNKNOWN|/meta/handshake|-",
        "SESSION_UNKNOWN|/meta/subscribe|-",
        "SESSION_UNKNOWN|/chat/room1|-",
        "SESSION_UNKNOWN|/meta/disconnect|-",
        "CONNECTION_TYPE_UNSUPPORTED|/meta/handshake|{\"reconnect\":\"handshake\"}",
        "VERSION_UNSUPPORTED|/meta/handshake|{\"reconnect\":\"none\"}",
        "HANDSHAKE_DENIED|/meta/handshake|{\"reconnect\":\"none\"}",
        "HANDSHAKE_FAILED|/meta/handshake|{\"reconnect\":\"handshake\"}",
        "HANDSHAKE_FAILED|/meta/subscribe|-",
        "SUBSCRIPTION_INVALID|/meta/subscribe|-",
        "CHANNEL_INVALID|/meta/connect|-",
        "DATA_MISSING|/chat|-"})
    void adviceOnEachReplyChannel(BayeuxError e, String channel, String advice) {
        assertThat(e.adviceOn(channel).map(a -> a.toJson().toString()).orElse(null)).isEqualTo(advice);
        assertThat(e.adviceOn(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(BayeuxError.class)
    void everyEntryIsWellFormed(BayeuxError e) {
        assertThat(e.code()).isBetween(100, 599);
        assertThat(e.message()).matches("[a-z_]+");
        String wire = e.requiresReason() ? e.wire("r") : e.wire();
        assertThat(wire).matches("\\d{3}:[^:]*:[a-z_]+");
    }

    @Test
    void messagesAreUniqueSoOneStringNamesOneEntry() {
        assertThat(Arrays.stream(BayeuxError.values()).map(BayeuxError::message)).doesNotHaveDuplicates();
    }
}
