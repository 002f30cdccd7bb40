package org.orbited.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the gateway's /status body: the contract's fields, channel targets, and clear errors for bad input. */
class RouteTableTest {
    private static RouteTable parse(String json) {
        return RouteTable.parse(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void readsTheContractAndPicksOneRoutePerActiveNode() {
        RouteTable t = parse("{\"version\":42,\"routes\":6,\"browserBase\":24000,\"appBase\":25000,\"extra\":true,"
                + "\"owner\":[3,1,1,3,2,2],\"nodes\":[{\"id\":1,\"name\":\"a\",\"role\":\"active\"},"
                + "{\"id\":3,\"name\":\"c\",\"role\":\"active\"},{\"id\":2,\"name\":\"b\",\"role\":\"active\"},"
                + "{\"id\":0,\"name\":\"r\",\"role\":\"reserve\"}]}");
        assertThat(t.version()).isEqualTo(42);
        assertThat(t.routes()).isEqualTo(6);
        assertThat(t.ownerOf(1)).isEqualTo(3);
        assertThat(t.activeNodes()).containsExactly(1, 2, 3);
        assertThat(t.channelRoutes()).isEqualTo(Map.of(1, 2, 2, 5, 3, 1));
        assertThat(t.routeOwnedBy(3, java.util.List.of(4))).isEqualTo(4); // piggybacks on a route in use
    }

    @Test
    void badBodiesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"routes\":2}")).hasMessageContaining("\"version\" is missing");
        assertThatThrownBy(() -> parse("{\"version\":1,\"routes\":5000,\"browserBase\":1,\"appBase\":2}"))
                .hasMessageContaining("routes 5000 is not between 1 and 4096");
        assertThatThrownBy(() -> parse("{\"version\":1,\"routes\":2,\"browserBase\":1,\"appBase\":2,\"owner\":[1]}"))
                .hasMessageContaining("\"owner\" must be an array of 2 node ids");
        assertThatThrownBy(() -> parse("{\"version\":1,\"routes\":1,\"browserBase\":1,\"appBase\":2,\"owner\":[\"x\"],\"nodes\":[]}"))
                .hasMessageContaining("owner[0] is not a node id");
        assertThatThrownBy(() -> parse("{\"version\":1,\"routes\":1,\"browserBase\":1,\"appBase\":2,\"owner\":[1]}"))
                .hasMessageContaining("\"nodes\" must be an array");
    }
}
