package org.orbited.halod.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkCodecTest {
    private final LinkCodec codec = LinkCodec.INSTANCE;

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<LinkMessage> fromNode = List.of(
                new Register("s3cret", "orb-a", 3, "10.0.0.2:8000", "10.0.0.2:9000", 20000, 41),
                new Register("s3cret", "orb-b", 0, "10.0.0.3:8000", "10.0.0.3:9000", 0, 0),
                new NodeHeartbeat(812, 1520, 1490, 12, 42),
                new Drain(),
                new Bye(ByeReason.DRAINED));
        List<LinkMessage> fromGateway = List.of(
                new Registered(3, Role.ACTIVE, 24, "relay", 200, 5, 600, 24000, 25000),
                new Registered(0, Role.RESERVE, 4096, "relay", 200, 5, 600, 0, 0),
                new Routes(42, 3, Set.of(9, 10, 11, 12, 21, 22)),
                new Routes(43, 0, Set.of()),
                new GatewayHeartbeat(77, 42),
                new RouteMoved(43, Set.of(13, 16), 1, 2000));
        for (LinkMessage m : fromNode) {
            assertThat(codec.decode(codec.encode(m), Sender.NODE)).isEqualTo(m);
        }
        for (LinkMessage m : fromGateway) {
            assertThat(codec.decode(codec.encode(m), Sender.GATEWAY)).isEqualTo(m);
        }
        for (ByeReason r : ByeReason.values()) {
            assertThat(codec.decode(codec.encode(new Bye(r)), Sender.GATEWAY)).isEqualTo(new Bye(r));
        }
        assertThat(new String(codec.encodeLine(new Drain()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"DRAIN\"}\n");
    }

    @Test
    void theReferenceExampleLinesParse() throws Exception {
        assertThat(codec.decode("{\"type\":\"REGISTER\",\"proto\":1,\"token\":\"…\",\"name\":\"orb-a\",\"id\":3,"
                + "\"browser\":\"10.0.0.2:8000\",\"app\":\"10.0.0.2:9000\",\"capacity\":20000,\"tableVersion\":41}",
                Sender.NODE)).isEqualTo(new Register("…", "orb-a", 3, "10.0.0.2:8000", "10.0.0.2:9000", 20000, 41));
        // The reference's REGISTERED has no bases: they decode as 0 ("not sent").
        assertThat(codec.decode("{\"type\":\"REGISTERED\",\"id\":3,\"role\":\"active\",\"routes\":24,"
                + "\"dataPlane\":\"relay\",\"heartbeatMs\":200,\"missLimit\":5,\"fenceMs\":600}", Sender.GATEWAY))
                .isEqualTo(new Registered(3, Role.ACTIVE, 24, "relay", 200, 5, 600, 0, 0));
        assertThat(codec.decode("{\"type\":\"ROUTES\",\"version\":42,\"id\":3,\"owned\":[9,10,11,12,21,22]}",
                Sender.GATEWAY)).isEqualTo(new Routes(42, 3, Set.of(9, 10, 11, 12, 21, 22)));
        assertThat(codec.decode("{\"type\":\"HEARTBEAT\",\"seq\":812,\"connections\":1520,\"sessions\":1490,"
                + "\"appConnections\":12,\"applied\":42}", Sender.NODE))
                .isEqualTo(new NodeHeartbeat(812, 1520, 1490, 12, 42));
        assertThat(codec.decode("{\"type\":\"HEARTBEAT\",\"seq\":77,\"version\":42}", Sender.GATEWAY))
                .isEqualTo(new GatewayHeartbeat(77, 42));
        assertThat(codec.decode("{\"type\":\"ROUTE_MOVED\",\"version\":43,\"routes\":[13,16],\"to\":1,"
                + "\"deadlineMs\":2000}", Sender.GATEWAY)).isEqualTo(new RouteMoved(43, Set.of(13, 16), 1, 2000));
        assertThat(codec.decode("{\"type\":\"DRAIN\"}", Sender.NODE)).isEqualTo(new Drain());
        assertThat(codec.decode("{\"type\":\"BYE\",\"reason\":\"drained\"}", Sender.NODE))
                .isEqualTo(new Bye(ByeReason.DRAINED));
    }

    @Test
    void unknownFieldsAreIgnoredAndTheBasesExtensionIsRead() throws Exception {
        assertThat(codec.decode("{\"type\":\"DRAIN\",\"why\":{\"nested\":[1,2]},\"x\":null}", Sender.NODE))
                .isEqualTo(new Drain());
        Registered r = (Registered) codec.decode("{\"type\":\"REGISTERED\",\"id\":3,\"role\":\"reserve\","
                + "\"routes\":24,\"dataPlane\":\"relay\",\"heartbeatMs\":200,\"missLimit\":5,\"fenceMs\":600,"
                + "\"browserBase\":24000,\"appBase\":25000,\"future\":true}", Sender.GATEWAY);
        assertThat(r.browserRoute(24000)).isEqualTo(1);
        assertThat(r.appRoute(25023)).isEqualTo(24);
        assertThat(r.appRoute(25024)).isZero();
        assertThat(r.browserRoute(23999)).isZero();
    }

    @Test
    void anUnknownTypeIsAProtocolError() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"HELLO\"}", Sender.NODE))
                .isInstanceOf(UnknownTypeException.class).hasMessageContaining("HELLO")
                .satisfies(e -> assertThat(((LinkProtocolException) e).byeReason()).isEqualTo(ByeReason.PROTOCOL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"DRAIN\"                                  | not a JSON line",
            "[1,2]                                                | got array",
            "\"DRAIN\"                                            | got string",
            "{\"type\":\"DRAIN\"} {\"type\":\"DRAIN\"}            | not a JSON line",
            "''                                                   | got nothing",
    })
    void malformedLines(String line, String message) {
        assertThatThrownBy(() -> codec.decode(line, Sender.NODE))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining(message);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bad = {'{', '"', 't', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> codec.decode(bad, Sender.NODE)).isInstanceOf(MalformedLineException.class)
                .hasMessageContaining("UTF-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NODE    | {\"kind\":\"DRAIN\"}                                        | no string field 'type'",
            "NODE    | {\"type\":7}                                                | no string field 'type'",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1,\"id\":1}               | missing the required field 'owned'",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":\"1\",\"id\":1,\"owned\":[]} | 'version' must be an integer",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1.5,\"id\":1,\"owned\":[]} | 'version' must be an integer",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":-1,\"id\":1,\"owned\":[]} | 'version' is -1, outside 0..",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":[0]}   | 'owned' is 0, outside 1..4096",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":[4097]} | 'owned' is 4097, outside 1..4096",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":[3,3]} | lists route 3 twice",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":7}    | 'owned' must be an array",
            "GATEWAY | {\"type\":\"ROUTES\",\"version\":99999999999999999999,\"id\":1,\"owned\":[]} | outside 0..",
            "GATEWAY | {\"type\":\"ROUTE_MOVED\",\"version\":1,\"routes\":[],\"to\":1,\"deadlineMs\":9} | 'routes' is empty",
            "GATEWAY | {\"type\":\"ROUTE_MOVED\",\"version\":1,\"routes\":[2],\"to\":0,\"deadlineMs\":9} | 'to' is 0",
            "GATEWAY | {\"type\":\"HEARTBEAT\",\"seq\":1}                           | missing the required field 'version'",
            "NODE    | {\"type\":\"HEARTBEAT\",\"seq\":1,\"applied\":-4}            | 'applied' is -4",
            "NODE    | {\"type\":\"BYE\",\"reason\":\"tired\"}                       | BYE reason 'tired'",
            "NODE    | {\"type\":\"BYE\"}                                          | missing the required field 'reason'",
            "GATEWAY | {\"type\":\"REGISTERED\",\"id\":1,\"role\":\"boss\",\"routes\":24,\"dataPlane\":\"relay\",\"heartbeatMs\":200,\"missLimit\":5,\"fenceMs\":600} | role 'boss'",
            "GATEWAY | {\"type\":\"REGISTERED\",\"id\":1,\"role\":\"active\",\"routes\":5000,\"dataPlane\":\"relay\",\"heartbeatMs\":200,\"missLimit\":5,\"fenceMs\":600} | 'routes' is 5000",
            "NODE    | {\"type\":\"REGISTER\",\"proto\":2,\"token\":\"t\",\"name\":\"a\",\"browser\":\"h:1\",\"app\":\"h:2\"} | proto 2 is not supported",
            "NODE    | {\"type\":\"REGISTER\",\"proto\":1,\"token\":\"t\",\"name\":\"\",\"browser\":\"h:1\",\"app\":\"h:2\"} | 'name' is empty",
            "NODE    | {\"type\":\"REGISTER\",\"proto\":1,\"token\":\"t\",\"name\":\"a\",\"browser\":\"h:1\"} | missing the required field 'app'",
            "NODE    | {\"type\":\"REGISTER\",\"proto\":1,\"token\":\"t\",\"name\":\"a\",\"id\":-3,\"browser\":\"h:1\",\"app\":\"h:2\"} | 'id' is -3",
    })
    void invalidFields(Sender from, String line, String message) {
        assertThatThrownBy(() -> codec.decode(line, from))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining(message);
    }

    @Test
    void aRouteListLongerThan4096IsRefused() {
        String list = IntStream.rangeClosed(1, 4097).mapToObj(i -> "1").collect(Collectors.joining(","));
        assertThatThrownBy(() -> codec.decode("{\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":[" + list + "]}",
                Sender.GATEWAY)).isInstanceOf(InvalidFieldException.class).hasMessageContaining("4097 routes");
    }

    @Test
    void aMessageFromTheWrongSideIsRefused() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"ROUTES\",\"version\":1,\"id\":1,\"owned\":[]}",
                Sender.NODE)).isInstanceOf(UnexpectedMessageException.class).hasMessageContaining("gateway");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"DRAIN\"}", Sender.GATEWAY))
                .isInstanceOf(UnexpectedMessageException.class);
    }
}
