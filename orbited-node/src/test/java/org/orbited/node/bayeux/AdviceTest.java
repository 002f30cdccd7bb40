package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String written(Advice a) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            a.writeTo(g);
        }
        assertThat(JSON.writeValueAsString(a.toJson())).isEqualTo(w.toString()); // both forms agree
        return w.toString();
    }

    @Test
    void defaultsAreThoseOfSection11InCometDsOrder() throws IOException {
        assertThat(written(Advice.defaults())).isEqualTo("{\"interval\":0,\"timeout\":30000,\"reconnect\":\"retry\"}");
        assertThat(BayeuxDefaults.TIMEOUT_MS).isEqualTo(30_000);
        assertThat(BayeuxDefaults.INTERVAL_MS).isZero();
        assertThat(BayeuxDefaults.MAX_INTERVAL_MS).isEqualTo(10_000);
        assertThat(BayeuxDefaults.MAX_QUEUE).isEqualTo(10_000);
        assertThat(BayeuxDefaults.MAX_MESSAGE_SIZE).isEqualTo(1 << 20);
        assertThat(BayeuxDefaults.MULTI_SESSION_INTERVAL_MS).isEqualTo(2_000);
    }

    /** Shapes captured from CometD 8.0.9 (sections 7 and 9). */
    @Test
    void writesCapturedShapes() throws IOException {
        assertThat(written(Advice.full(3000, 0))).isEqualTo("{\"interval\":0,\"timeout\":3000,\"reconnect\":\"retry\"}");
        assertThat(written(Advice.reconnect(Advice.Reconnect.RETRY).withMultipleClients(true).withInterval(2000)))
                .isEqualTo("{\"multiple-clients\":true,\"interval\":2000,\"reconnect\":\"retry\"}");
        assertThat(written(Advice.reconnect(Advice.Reconnect.HANDSHAKE).withInterval(0)))
                .isEqualTo("{\"interval\":0,\"reconnect\":\"handshake\"}");
        assertThat(written(Advice.reconnect(Advice.Reconnect.NONE))).isEqualTo("{\"reconnect\":\"none\"}");
        assertThat(written(Advice.EMPTY)).isEqualTo("{}");
        assertThat(written(Advice.EMPTY.withMaxInterval(10000).withTimeout(5).withInterval(-1)))
                .isEqualTo("{\"interval\":-1,\"timeout\":5,\"maxInterval\":10000}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"timeout\":0}|Advice{reconnect=null, timeout=0, interval=null, multipleClients=null, maxInterval=null}",
        "{\"timeout\":60000,\"interval\":0}|Advice{reconnect=null, timeout=60000, interval=0, multipleClients=null, maxInterval=null}",
        "{\"reconnect\":\"handshake\",\"multiple-clients\":true,\"maxInterval\":5}|Advice{reconnect=HANDSHAKE, timeout=null, interval=null, multipleClients=true, maxInterval=5}",
        "{\"reconnect\":\"RETRY\",\"timeout\":\"10\",\"interval\":1.5,\"multiple-clients\":\"yes\",\"maxInterval\":1e99}|Advice{reconnect=null, timeout=null, interval=null, multipleClients=null, maxInterval=null}",
        "{\"timeout\":99999999999999999999999}|Advice{reconnect=null, timeout=null, interval=null, multipleClients=null, maxInterval=null}",
        "[1]|Advice{reconnect=null, timeout=null, interval=null, multipleClients=null, maxInterval=null}"})
    void readsClientHintsLeniently(String json, String expected) throws IOException {
        assertThat(Advice.fromJson(JSON.readTree(json))).hasToString(expected);
    }

    @Test
    void readsNothingFromNull() {
        assertThat(Advice.fromJson(null)).isEqualTo(Advice.EMPTY);
        assertThat(Advice.EMPTY.isEmpty()).isTrue();
        assertThat(Advice.defaults().isEmpty()).isFalse();
    }

    @Test
    void isAValue() {
        Advice a = Advice.full(3000, 0);
        assertThat(a).isEqualTo(Advice.reconnect(Advice.Reconnect.RETRY).withTimeout(3000).withInterval(0))
                .hasSameHashCodeAs(Advice.full(3000, 0))
                .isNotEqualTo(Advice.full(3000, 1));
        assertThat(a.reconnect()).contains(Advice.Reconnect.RETRY);
        assertThat(a.timeout()).hasValue(3000);
        assertThat(a.interval()).hasValue(0);
        assertThat(a.multipleClients()).isEmpty();
        assertThat(a.maxInterval()).isEmpty();
        assertThatThrownBy(() -> a.withReconnect(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @CsvSource({"retry, RETRY", "handshake, HANDSHAKE", "none, NONE"})
    void reconnectWireNames(String wire, Advice.Reconnect r) {
        assertThat(r.wire()).isEqualTo(wire);
        assertThat(Advice.Reconnect.fromWire(wire)).contains(r);
        assertThat(Advice.Reconnect.fromWire(wire.toUpperCase())).isEmpty();
    }
}
